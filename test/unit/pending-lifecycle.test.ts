import { describe, expect, it } from "vitest";
import { dueWaitingStep, type WaitingLimits } from "../../src/request/pending-lifecycle.js";
import type { SeatRequest } from "../../src/request/seat-request.js";

const HOUR = 60 * 60_000;
const LIMITS: WaitingLimits = {
  reminderAfterMs: 24 * HOUR,
  escalateAfterMs: 72 * HOUR,
  expireAfterMs: 14 * 24 * HOUR,
  workingWeek: { days: new Set([1, 2, 3, 4, 5]), timeZone: "UTC" },
};

function waitingSince(at: string, extra: SeatRequest["history"] = []): SeatRequest {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    kind: "request",
    githubLogin: "octocat",
    requesterId: "UREQUEST1",
    managerId: "UMANAGER1",
    reason: "pairing",
    state: "PENDING",
    createdAt: at,
    updatedAt: at,
    attempt: 0,
    history: [
      { seq: 1, at, actorId: "UREQUEST1", action: "filed", to: "VALIDATING" },
      { seq: 2, at, actorId: "system", action: "validated", from: "VALIDATING", to: "PENDING" },
      ...extra,
    ],
  };
}

describe("what a waiting request is due for", () => {
  it("nothing before REMINDER_AFTER of working time", () => {
    const request = waitingSince("2026-11-16T10:00:00.000Z"); // Monday
    expect(dueWaitingStep(request, new Date("2026-11-17T09:59:00Z"), LIMITS)).toBeUndefined();
    expect(dueWaitingStep(request, new Date("2026-11-17T10:00:00Z"), LIMITS)).toBe("remind");
  });

  it("never a reminder on a day off, even when the threshold passed late the working day before", () => {
    const request = waitingSince("2026-11-19T23:50:00.000Z"); // Thursday night: 24 h reached Friday 23:50
    expect(dueWaitingStep(request, new Date("2026-11-21T00:05:00Z"), LIMITS)).toBeUndefined(); // Saturday
    expect(dueWaitingStep(request, new Date("2026-11-23T00:05:00Z"), LIMITS)).toBe("remind"); // Monday
  });

  it("the next reminder a full REMINDER_AFTER after the last one, however late the sweep came", () => {
    const reminded = {
      seq: 3,
      at: "2026-11-19T12:00:00.000Z",
      actorId: "system",
      action: "reminded" as const,
      from: "PENDING" as const,
      to: "PENDING" as const,
    };
    const request = waitingSince("2026-11-16T10:00:00.000Z", [reminded]);
    expect(
      dueWaitingStep({ ...request, escalatedAt: "2026-11-19T12:00:00.000Z" }, new Date("2026-11-20T11:00:00Z"), LIMITS),
    ).toBeUndefined();
    expect(
      dueWaitingStep({ ...request, escalatedAt: "2026-11-19T12:00:00.000Z" }, new Date("2026-11-20T12:00:00Z"), LIMITS),
    ).toBe("remind");
  });

  it("escalation after ESCALATE_AFTER of working time, once", () => {
    const request = waitingSince("2026-11-16T10:00:00.000Z");
    expect(dueWaitingStep(request, new Date("2026-11-19T10:00:00Z"), LIMITS)).toBe("escalate");
    const escalated = { ...request, escalatedAt: "2026-11-19T10:00:00Z" };
    expect(dueWaitingStep(escalated, new Date("2026-11-19T10:00:00Z"), LIMITS)).not.toBe("escalate");
  });

  it("expiry after EXPIRE_AFTER of calendar time, weekends included, before anything else", () => {
    const request = waitingSince("2026-11-16T10:00:00.000Z");
    expect(dueWaitingStep(request, new Date("2026-11-30T10:00:00Z"), LIMITS)).toBe("expire");
    expect(dueWaitingStep(request, new Date("2026-11-29T10:00:00Z"), LIMITS)).not.toBe("expire");
  });

  it("nothing for a grant, which waits on no one", () => {
    const grant = { ...waitingSince("2026-11-16T10:00:00.000Z"), kind: "grant" as const };
    expect(dueWaitingStep(grant, new Date("2026-11-30T10:00:00Z"), LIMITS)).toBeUndefined();
  });
});
