import { describe, expect, it } from "vitest";
import type { Digest } from "../../src/digest/digest.js";
import { DigestAccessError, DigestFailedError } from "../../src/digest/errors.js";
import { type DigestDependencies, runWeeklyDigest } from "../../src/digest/run-weekly-digest.js";
import type { UsageReport } from "../../src/digest/usage.js";
import { InMemoryUsageHistory } from "../fakes/usage-history-fake.js";

const REPORT: UsageReport = {
  scope: { kind: "organization", name: "acme" },
  source: "reports",
  days: [
    {
      day: "2026-06-07",
      dailyActiveUsers: 2,
      weeklyActiveUsers: 3,
      generations: 10,
      acceptances: 4,
      completions: { suggested: 8, accepted: 3 },
      linesAdded: 5,
      languages: new Map(),
      ides: new Map(),
    },
  ],
  notes: [],
};

/** The digest with in-memory ports, recording what it publishes. */
function dependencies(overrides: Partial<DigestDependencies> = {}) {
  const published: { channel: string; digest?: Digest; charts?: string[]; line?: string }[] = [];
  const logged: string[] = [];
  const deps: DigestDependencies = {
    organization: "acme",
    channel: "CDIGEST01",
    teamChannels: new Map(),
    usage: {
      usage: async () => ({ kind: "usage", report: REPORT }),
      teamUsage: async () => new Map(),
    },
    seats: {
      seatSnapshot: async () => ({
        breakdown: { total: 0, addedThisCycle: 0, pendingCancellation: 0, pendingInvitation: 0 },
        seats: [],
      }),
    },
    requests: { unavailable: "not in this test" },
    history: new InMemoryUsageHistory(),
    prices: { business: 19, enterprise: 39 },
    publisher: {
      publishDigest: async (channel, digest, charts) => {
        published.push({ channel, digest, charts: charts.map((chart) => chart.title) });
      },
      publishProblem: async (channel, line) => {
        published.push({ channel, line });
      },
    },
    chart: { renderUsageChart: () => new Uint8Array([1]), renderTrendChart: () => new Uint8Array([2]) },
    clock: { now: () => new Date("2026-06-10T09:00:00Z") },
    log: { info: () => {}, warn: (message: string) => logged.push(message) },
    ...overrides,
  };
  return { deps, published, logged };
}

describe("runWeeklyDigest", () => {
  it("posts the digest without its chart, saying why, when the chart cannot be drawn", async () => {
    const { deps, published, logged } = dependencies({
      chart: {
        renderUsageChart: () => {
          throw new Error("Cannot find module '@resvg/resvg-js'");
        },
        renderTrendChart: () => new Uint8Array([2]),
      },
    });

    await runWeeklyDigest(deps);

    expect(published).toHaveLength(1);
    expect(published[0]?.charts).toEqual([]);
    expect(published[0]?.digest?.chartProblem).toBe("Cannot find module '@resvg/resvg-js'");
    expect(logged).toEqual(["A digest chart could not be drawn: Cannot find module '@resvg/resvg-js'"]);
  });

  it("puts every refusal of the organization's data in one line, then fails the run", async () => {
    const { deps, published } = dependencies({
      usage: {
        usage: async () => {
          throw new DigestAccessError("METRICS_PERMISSION_MISSING", "No metrics permission.");
        },
        teamUsage: async () => new Map(),
      },
      seats: {
        seatSnapshot: async () => {
          throw new DigestAccessError("SEAT_PERMISSION_MISSING", "No seat permission.");
        },
      },
    });

    const run = runWeeklyDigest(deps);

    await expect(run).rejects.toThrow(DigestFailedError);
    await expect(run).rejects.toThrow(/METRICS_PERMISSION_MISSING.*SEAT_PERMISSION_MISSING/);
    expect(published).toEqual([
      {
        channel: "CDIGEST01",
        line: ":warning: The weekly Copilot digest for `acme` could not be built. No metrics permission. No seat permission.",
      },
    ]);
  });

  it("lets other failures through as they are, posting nothing", async () => {
    const { deps, published } = dependencies({
      seats: {
        seatSnapshot: async () => {
          throw new Error("GitHub had an internal error (HTTP 502).");
        },
      },
    });

    await expect(runWeeklyDigest(deps)).rejects.toThrow("GitHub had an internal error (HTTP 502).");
    expect(published).toEqual([]);
  });

  it("says there is no history yet on the first run, and stores the week it posted", async () => {
    const history = new InMemoryUsageHistory();
    const { deps, published } = dependencies({ history });

    await runWeeklyDigest(deps);

    expect(published[0]?.digest?.history).toMatchObject({ kind: "first-week" });
    // Only the 28-day chart: a trend of one week is not drawn.
    expect(published[0]?.charts).toHaveLength(1);
    expect([...(history.weeks.get("organization:acme")?.values() ?? [])]).toEqual([
      {
        weekEnding: "2026-06-07",
        source: "reports",
        weeklyActiveUsers: 3,
        dailyActiveUsers: 2,
        completionsSuggested: 8,
        completionsAccepted: 3,
        linesAdded: 5,
        storedAt: "2026-06-10T09:00:00.000Z",
      },
    ]);
  });

  it("posts the 12-week trend chart and the change against 4 weeks ago once earlier weeks are stored", async () => {
    const history = new InMemoryUsageHistory();
    await history.recordWeek(
      { kind: "organization", name: "acme" },
      {
        weekEnding: "2026-05-10",
        source: "reports",
        weeklyActiveUsers: 1,
        dailyActiveUsers: 1,
        completionsSuggested: 10,
        completionsAccepted: 2,
        linesAdded: 1,
        storedAt: "2026-05-13T09:00:00.000Z",
      },
    );
    const { deps, published } = dependencies({ history });

    await runWeeklyDigest(deps);

    const part = published[0]?.digest?.history;
    expect(part?.kind).toBe("trend");
    if (part?.kind !== "trend") return;
    // 2026-05-10 is exactly 4 weeks before 2026-06-07.
    expect(part.fourWeeksAgo?.weekEnding).toBe("2026-05-10");
    expect(part.storedWeeks).toBe(2);
    expect(part.chart.weekEndings).toHaveLength(12);
    expect(part.chart.weekEndings[0]).toBe("2026-03-22");
    expect(part.chart.weekEndings.at(-1)).toBe("2026-06-07");
    // Weeks without a run are gaps; 3 of 8 = 37.5 %, 2 of 10 = 20.0 %.
    expect(part.chart.weeklyActiveUsers.slice(-5)).toEqual([1, null, null, null, 3]);
    expect(part.chart.acceptanceRate.slice(-5)).toEqual([20, null, null, null, 37.5]);
    expect(published[0]?.charts).toEqual([
      "acme: daily active users and code completion acceptance rate, 2026-05-11 – 2026-06-07",
      "acme: weekly active users and code completion acceptance rate, 12 weeks ending 2026-06-07",
    ]);
  });

  it("fills each week of the trend with the week stored nearest to it, though reports ended on other days", async () => {
    const history = new InMemoryUsageHistory();
    const organization = { kind: "organization", name: "acme" } as const;
    const stored = (weekEnding: string, weeklyActiveUsers: number) =>
      history.recordWeek(organization, {
        weekEnding,
        source: "reports",
        weeklyActiveUsers,
        dailyActiveUsers: 1,
        completionsSuggested: 10,
        completionsAccepted: 2,
        linesAdded: 1,
        storedAt: `${weekEnding}T09:00:00.000Z`,
      });
    // Scheduled runs whose reports ended a day early or late, the 4-weeks-back one among them; and a run by hand on a
    // Wednesday, between two scheduled weeks, which crowds the 12 newest stored weeks.
    await stored("2026-05-09", 4);
    await stored("2026-05-18", 5);
    await stored("2026-05-24", 6);
    for (const day of ["2026-05-27", "2026-05-28", "2026-05-29", "2026-05-30"]) await stored(day, 99);
    for (const day of ["2026-06-02", "2026-06-03", "2026-06-04", "2026-06-05", "2026-06-06"]) await stored(day, 98);
    const { deps, published } = dependencies({ history });

    await runWeeklyDigest(deps);

    const part = published[0]?.digest?.history;
    expect(part?.kind).toBe("trend");
    if (part?.kind !== "trend") return;
    expect(part.chart.weekEndings.slice(-5)).toEqual([
      "2026-05-10",
      "2026-05-17",
      "2026-05-24",
      "2026-05-31",
      "2026-06-07",
    ]);
    // 05-09 fills 05-10 and 05-18 fills 05-17; 05-30 is nearest 05-31; this week is 3 users.
    expect(part.chart.weeklyActiveUsers.slice(-5)).toEqual([4, 5, 6, 99, 3]);
    expect(part.fourWeeksAgo?.weekEnding).toBe("2026-05-09");
    expect(part.storedWeeks).toBe(5);
  });

  it("posts the week's figures without a trend, saying why, when the history cannot be stored", async () => {
    const { deps, published, logged } = dependencies({
      history: {
        recordWeek: async () => {
          throw new Error("AccessDeniedException");
        },
        recentWeeks: async () => [],
      },
    });

    await runWeeklyDigest(deps);

    expect(published[0]?.digest?.history).toEqual({
      kind: "unavailable",
      reason: "the stored weeks could not be read or written",
    });
    expect(logged).toEqual(["The usage history of organization acme could not be kept: AccessDeniedException"]);
  });
});
