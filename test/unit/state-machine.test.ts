import { describe, expect, it } from "vitest";
import { InvalidTransitionError } from "../../src/request/errors.js";
import { REQUEST_STATES, type RequestState } from "../../src/request/seat-request.js";
import { assertTransition, canTransition, isFinal, isOpen } from "../../src/request/state-machine.js";

const ALLOWED: Array<[RequestState, RequestState]> = [
  ["VALIDATING", "PENDING"],
  ["VALIDATING", "REJECTED"],
  // A reminder, an escalation or a forward: recorded like any change, conditional on nobody having moved it.
  ["PENDING", "PENDING"],
  ["PENDING", "APPROVED"],
  ["PENDING", "DENIED"],
  ["PENDING", "EXPIRED"],
  ["PENDING", "CANCELLED"],
  ["APPROVED", "ASSIGNED"],
  ["APPROVED", "FAILED"],
  // A time-bound seat: extended, reaching its end, or given back by its holder.
  ["ASSIGNED", "ASSIGNED"],
  ["ASSIGNED", "ENDING"],
  ["ASSIGNED", "ENDED"],
  ["FAILED", "APPROVED"],
  ["ENDING", "ENDED"],
];

describe("request state machine", () => {
  it("allows exactly the documented transitions", () => {
    const allowed = REQUEST_STATES.flatMap((from) =>
      REQUEST_STATES.filter((to) => canTransition(from, to)).map((to) => [from, to]),
    );

    expect(allowed).toEqual(ALLOWED);
  });

  it("refuses to approve a request twice", () => {
    expect(() => assertTransition("APPROVED", "APPROVED")).toThrow(InvalidTransitionError);
  });

  it("refuses to skip the manager's decision", () => {
    expect(() => assertTransition("VALIDATING", "APPROVED")).toThrow(/cannot move from VALIDATING to APPROVED/);
    expect(() => assertTransition("PENDING", "ASSIGNED")).toThrow(InvalidTransitionError);
  });

  it("never reopens a denied, rejected, expired, cancelled or ended request", () => {
    for (const state of ["DENIED", "REJECTED", "EXPIRED", "CANCELLED", "ENDED"] as const) {
      expect(isFinal(state)).toBe(true);
      expect(REQUEST_STATES.some((to) => canTransition(state, to))).toBe(false);
    }
  });

  it("counts a request as open, blocking another for the same login, until it is decided and done", () => {
    expect(REQUEST_STATES.filter(isOpen)).toEqual(["VALIDATING", "PENDING", "APPROVED"]);
  });

  it("lets only a failed request be retried", () => {
    expect(REQUEST_STATES.filter((from) => canTransition(from, "APPROVED"))).toEqual(["PENDING", "FAILED"]);
  });
});
