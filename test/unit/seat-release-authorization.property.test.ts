import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mayReleaseSeat, type OwnSeatEvidence, releasableLogin } from "../../src/request/authorization.js";
import { REQUEST_STATES } from "../../src/request/request-state.js";
import type { SeatRequest } from "../../src/request/seat-request.js";

const LOGINS = ["octocat", "Octocat", "hubot", "monalisa"] as const;

const request = fc.record({
  kind: fc.constantFrom("request" as const, "grant" as const, "extension" as const),
  state: fc.constantFrom(...REQUEST_STATES),
  githubLogin: fc.constantFrom(...LOGINS),
});

const evidence = fc.record(
  {
    provenLogin: fc.constantFrom(...LOGINS),
    requests: fc.array(request, { maxLength: 6 }),
    provenByAnother: fc.boolean(),
  },
  { requiredKeys: ["requests"] },
);

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const asEvidence = (e: { provenLogin?: string; requests: Partial<SeatRequest>[]; provenByAnother?: boolean }) =>
  e as OwnSeatEvidence;

describe("who may give back a seat", () => {
  it("allows only the proven login, or a seat the person's own non-grant request holds that nobody else proved", () => {
    fc.assert(
      fc.property(evidence, fc.constantFrom(...LOGINS), (e, login) => {
        const heldByOwnRequest = e.requests.some(
          (r) => r.kind !== "grant" && (r.state === "ASSIGNED" || r.state === "ENDING") && same(r.githubLogin, login),
        );
        const expected =
          (e.provenLogin !== undefined && same(e.provenLogin, login)) || (!e.provenByAnother && heldByOwnRequest);

        expect(mayReleaseSeat(login, asEvidence(e))).toBe(expected);
      }),
    );
  });

  it("never offers a login that only a grant or an ended request names", () => {
    fc.assert(
      fc.property(evidence, (e) => {
        const offered = releasableLogin(asEvidence({ ...e, provenByAnother: false }));
        if (offered === undefined) return;
        const held = e.requests.some(
          (r) => r.kind !== "grant" && (r.state === "ASSIGNED" || r.state === "ENDING") && r.githubLogin === offered,
        );
        expect(offered === e.provenLogin || held).toBe(true);
      }),
    );
  });
});
