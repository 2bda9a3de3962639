import { describe, expect, it } from "vitest";
import type { Digest } from "../../src/digest/digest.js";
import { DigestAccessError, DigestFailedError } from "../../src/digest/errors.js";
import { type DigestDependencies, runWeeklyDigest } from "../../src/digest/run-weekly-digest.js";
import type { UsageReport } from "../../src/digest/usage.js";

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
      linesAdded: 5,
      languages: new Map(),
      ides: new Map(),
    },
  ],
  notes: [],
};

/** The digest with in-memory ports, recording what it publishes. */
function dependencies(overrides: Partial<DigestDependencies> = {}) {
  const published: { channel: string; digest?: Digest; chart?: string; line?: string }[] = [];
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
    prices: { business: 19, enterprise: 39 },
    publisher: {
      publishDigest: async (channel, digest, chart) => {
        published.push({ channel, digest, ...(chart ? { chart: chart.title } : {}) });
      },
      publishProblem: async (channel, line) => {
        published.push({ channel, line });
      },
    },
    chart: { renderUsageChart: () => new Uint8Array([1]) },
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
      },
    });

    await runWeeklyDigest(deps);

    expect(published).toHaveLength(1);
    expect(published[0]?.chart).toBeUndefined();
    expect(published[0]?.digest?.chartProblem).toBe("Cannot find module '@resvg/resvg-js'");
    expect(logged).toEqual(["The digest chart could not be drawn: Cannot find module '@resvg/resvg-js'"]);
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
});
