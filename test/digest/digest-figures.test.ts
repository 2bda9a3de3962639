import { describe, expect, it } from "vitest";
import { requestFigures } from "../../src/digest/request-figures.js";
import { seatFigures } from "../../src/digest/seat-figures.js";
import type { UsageDay, UsageReport } from "../../src/digest/usage.js";
import { percent, usageFigures } from "../../src/digest/usage-figures.js";

/** A day of an older API, whose suggestions are all inline completions, unless `completions` says otherwise. */
function day(date: string, values: Partial<UsageDay> = {}): UsageDay {
  const generations = values.generations ?? 0;
  const acceptances = values.acceptances ?? 0;
  return {
    day: date,
    dailyActiveUsers: 0,
    generations,
    acceptances,
    completions: { suggested: generations, accepted: acceptances },
    linesAdded: 0,
    languages: new Map(),
    ides: new Map(),
    ...values,
  };
}

function report(days: UsageDay[]): UsageReport {
  return { scope: { kind: "organization", name: "acme" }, source: "usage", days, notes: [] };
}

describe("percent", () => {
  it("rounds to one decimal, half up", () => {
    expect(percent(412, 1030)).toBe(40); // 40.0 %
    expect(percent(25, 80)).toBe(31.3); // 31.25 %
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(1, 0)).toBeUndefined();
  });
});

describe("usageFigures", () => {
  it("takes the 7 calendar days ending on the last day as the week, even when the source skips days", () => {
    // Only three days: 2025-01-31, 2025-01-25 (in the week) and 2025-01-24 (the week before).
    const figures = usageFigures(
      report([
        day("2025-01-24", { dailyActiveUsers: 7, generations: 10, acceptances: 5 }),
        day("2025-01-25", { generations: 30, acceptances: 6 }),
        day("2025-01-31", { dailyActiveUsers: 4, generations: 20, acceptances: 4 }),
      ]),
    );

    expect(figures.weeks).toEqual({
      week: { first: "2025-01-25", last: "2025-01-31" },
      previous: { first: "2025-01-18", last: "2025-01-24" },
    });
    // (6 + 4) / (30 + 20) = 20.0 %, against 5 / 10 = 50.0 %.
    expect(figures.acceptance).toMatchObject({
      accepted: 10,
      generated: 50,
      rate: 20,
      previousRate: 50,
      changePoints: -30,
    });
    expect(figures.dailyActiveUsers).toEqual({ current: 4, previous: 7, delta: -3 });
  });

  it("computes the change in points from the rates as shown", () => {
    // 1/3 = 33.3 % and 3/10 = 30.0 %: the message says 33.3 and 30.0, so the change must read +3.3, not +3.33.
    const figures = usageFigures(
      report([
        day("2025-01-24", { generations: 10, acceptances: 3 }),
        day("2025-01-31", { generations: 3, acceptances: 1 }),
      ]),
    );

    expect(figures.acceptance.changePoints).toBe(3.3);
  });

  it("leaves out the comparison when there is no week before", () => {
    const figures = usageFigures(report([day("2025-01-31", { dailyActiveUsers: 3, generations: 4, acceptances: 1 })]));

    expect(figures.acceptance.previousRate).toBeUndefined();
    expect(figures.dailyActiveUsers).toEqual({ current: 3 });
    expect(figures.linesAdded).toEqual({ current: 0 });
    expect(figures.weeklyActiveUsers).toBeUndefined();
  });

  it("has no acceptance rate for a week without suggestions", () => {
    expect(usageFigures(report([day("2025-01-31")])).acceptance.rate).toBeUndefined();
  });

  it("charts 28 days, with gaps where the source has no day", () => {
    const figures = usageFigures(report([day("2025-01-31", { dailyActiveUsers: 2, generations: 4, acceptances: 1 })]));

    expect(figures.chart.days).toHaveLength(28);
    expect(figures.chart.range).toEqual({ first: "2025-01-04", last: "2025-01-31" });
    expect(figures.chart.dailyActiveUsers.at(-1)).toBe(2);
    expect(figures.chart.acceptanceRate.at(-1)).toBe(25);
    expect(figures.chart.dailyActiveUsers[0]).toBeNull();
  });
});

describe("seatFigures", () => {
  const now = new Date("2026-06-10T09:00:00Z");
  const breakdown = { total: 3, addedThisCycle: 0, pendingCancellation: 0, pendingInvitation: 0 };

  it("takes the later of the last activity and the last sign-in, whichever is missing", () => {
    const old = "2026-04-01T00:00:00Z";
    const recent = "2026-06-09T00:00:00Z";
    const created = "2026-01-01T00:00:00Z";
    const figures = seatFigures(
      {
        breakdown,
        seats: [
          // Telemetry off: activity cleared (null after 90 days), signed in yesterday: active.
          { login: "a", createdAt: created, lastAuthenticatedAt: recent },
          // Used yesterday, signed in long ago: active.
          { login: "b", createdAt: created, lastActivityAt: recent, lastAuthenticatedAt: old },
          // Both long ago: inactive.
          { login: "c", createdAt: created, lastActivityAt: old, lastAuthenticatedAt: old },
          // Neither on record, no assignee: inactive, and counted as a seat without one.
          { login: "", createdAt: created },
        ],
      },
      { business: 19, enterprise: 39 },
      now,
    );

    expect(figures).toMatchObject({ assigned: 4, active: 2, inactive: 2, withoutAssignee: 1, utilization: 50 });
  });

  it("prices each inactive seat at its own plan, and seats of unknown plan at the subscription's", () => {
    const figures = seatFigures(
      {
        breakdown,
        planType: "enterprise",
        seats: [
          { login: "a", planType: "business", createdAt: "2026-01-01T00:00:00Z" },
          {
            login: "b",
            planType: "unknown",
            createdAt: "2026-01-01T00:00:00Z",
            lastActivityAt: "2026-01-02T00:00:00Z",
          },
          { login: "c", createdAt: "2026-01-01T00:00:00Z", lastActivityAt: "2026-06-09T00:00:00Z" },
        ],
      },
      { business: 19.99, enterprise: 39 },
      now,
    );

    // a: Business $19.99; b: unknown → the subscription's Enterprise, $39. c is active.
    expect(figures).toMatchObject({
      inactive: 2,
      inactiveByPlan: { business: 1, enterprise: 1 },
      inactiveMonthlyCost: 58.99,
    });
    // 1 of 3 active: 33.3 %.
    expect(figures.utilization).toBe(33.3);
  });

  it("counts a seat idle for exactly 30 days as inactive, and one used 30 days minus a minute ago as active", () => {
    const figures = seatFigures(
      {
        breakdown,
        seats: [
          { login: "a", createdAt: "2026-01-01T00:00:00Z", lastActivityAt: "2026-05-11T09:00:00Z" },
          { login: "b", createdAt: "2026-01-01T00:00:00Z", lastActivityAt: "2026-05-11T09:01:00Z" },
        ],
      },
      { business: 19, enterprise: 39 },
      now,
    );

    expect(figures).toMatchObject({ active: 1, inactive: 1 });
  });

  it("measures utilization over the seats the inactive count judges, so that the two lines agree", () => {
    const figures = seatFigures(
      {
        breakdown: { total: 4, addedThisCycle: 1, pendingCancellation: 1, pendingInvitation: 0 },
        seats: [
          { login: "a", createdAt: "2026-01-01T00:00:00Z", lastActivityAt: "2026-06-09T00:00:00Z" },
          { login: "b", createdAt: "2026-01-01T00:00:00Z", lastActivityAt: "2026-06-09T00:00:00Z" },
          // Assigned yesterday, not used yet: not idle, and not yet a seat that utilization can hold against anyone.
          { login: "new", createdAt: "2026-06-09T00:00:00Z" },
          // Idle, but already on its way out.
          { login: "leaving", createdAt: "2026-01-01T00:00:00Z", pendingCancellationDate: "2026-07-01" },
        ],
      },
      { business: 19, enterprise: 39 },
      now,
    );

    expect(figures).toMatchObject({
      inactive: 0,
      utilization: 100,
      utilizationActive: 2,
      utilizationSeats: 2,
      leftOutOfUtilization: { pendingCancellation: 1, newNotUsed: 1 },
    });
  });
});

describe("requestFigures", () => {
  it("takes the median of an even number of decision times as the mean of the middle two", () => {
    const figures = requestFigures(
      [
        { state: "ASSIGNED", createdAt: "2026-06-03T10:00:00Z", decidedAt: "2026-06-03T10:10:00Z" },
        { state: "DENIED", createdAt: "2026-06-03T10:00:00Z", decidedAt: "2026-06-03T10:30:00Z" },
      ],
      { first: "2026-06-03", last: "2026-06-09" },
    );

    // 10 and 30 minutes: 20.
    expect(figures).toMatchObject({ filed: 2, approved: 1, denied: 1, decided: 2, medianMinutesToDecision: 20 });
  });

  it("has no median when nothing was decided", () => {
    const figures = requestFigures([{ state: "PENDING", createdAt: "2026-06-03T10:00:00Z" }], {
      first: "2026-06-03",
      last: "2026-06-09",
    });

    expect(figures.pending).toBe(1);
    expect(figures.medianMinutesToDecision).toBeUndefined();
  });
});
