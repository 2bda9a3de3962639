import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/config.js";
import { judgeSeat, NO_CONTEXT } from "../../src/reclaim/idle-rule.js";
import { planRound } from "../../src/reclaim/plan.js";
import { DEFAULT_RECLAIM_POLICY, type ReclaimPolicy } from "../../src/reclaim/policy.js";
import { batchOf } from "../../src/reclaim/round.js";
import type { CopilotSeat } from "../../src/seat/copilot-seat.js";

const DAY = 86_400_000;
const NOW = new Date("2026-11-21T12:00:00Z");
const policy: ReclaimPolicy = { ...DEFAULT_RECLAIM_POLICY, idleAfterMs: 60 * DAY };
const ago = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();

const daysArb = fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined });

describe("the idle rule", () => {
  it("is idle exactly when neither activity nor sign-in is within RECLAIM_IDLE_AFTER, on a seat at least that old", () => {
    fc.assert(
      fc.property(daysArb, daysArb, fc.integer({ min: 0, max: 400 }), (activity, signIn, assigned) => {
        const seat: CopilotSeat = {
          login: "octocat",
          createdAt: ago(assigned),
          ...(activity === undefined ? {} : { lastActivityAt: ago(activity) }),
          ...(signIn === undefined ? {} : { lastAuthenticatedAt: ago(signIn) }),
        };
        const seenWithin = [activity, signIn].some((days) => days !== undefined && days < 60);
        const verdict = judgeSeat(seat, policy, NOW, NO_CONTEXT);
        expect(verdict.kind === "idle").toBe(!seenWithin && assigned >= 60);
        if (seenWithin) expect(verdict.kind).toBe("active");
        else if (assigned < 60) expect(verdict.kind).toBe("too-new");
      }),
    );
  });

  it("counts a recent sign-in without recorded activity as use (telemetry off)", () => {
    const seat = { login: "quiet", createdAt: ago(300), lastAuthenticatedAt: ago(2) };
    expect(judgeSeat(seat, policy, NOW, NO_CONTEXT).kind).toBe("active");
  });

  it("never makes a team seat, an exempt login, an exempt team's member, a time-bound or kept seat idle", () => {
    const old = { createdAt: ago(300), lastActivityAt: ago(200) };
    const exempt = { ...policy, exemptLogins: new Set(["vip"]), exemptTeams: new Set(["leads"]) };
    const context = {
      timeBound: new Set(["termed"]),
      exemptTeamMembers: new Set(["lee"]),
      keptUntil: new Map([["kept", ago(-10)]]),
    };
    const kind = (seat: Partial<CopilotSeat> & { login: string }) =>
      judgeSeat({ ...old, ...seat }, exempt, NOW, context).kind;
    expect(kind({ login: "Team-Tess", assigningTeam: "platform" })).toBe("team");
    expect(kind({ login: "VIP" })).toBe("exempt");
    expect(kind({ login: "lead-seat", assigningTeam: "Leads" })).toBe("exempt");
    expect(kind({ login: "lee" })).toBe("exempt");
    expect(kind({ login: "termed" })).toBe("time-bound");
    expect(kind({ login: "kept" })).toBe("kept");
    expect(kind({ login: "gone", pendingCancellationDate: "2026-12-01" })).toBe("pending-cancellation");
    expect(kind({ login: "idle" })).toBe("idle");
  });

  it("prices the plan by each seat's plan, in cents, and lists team seats by team", () => {
    const seats: CopilotSeat[] = [
      { login: "a", createdAt: ago(300), planType: "business" },
      { login: "b", createdAt: ago(300), planType: "enterprise" },
      { login: "c", createdAt: ago(300), assigningTeam: "web" },
    ];
    const plan = planRound(seats, { ...policy, prices: { business: 19.99, enterprise: 39 } }, NOW, NO_CONTEXT);
    expect(plan.idle.map((s) => s.login)).toEqual(["a", "b"]);
    expect(plan.idleMonthlyCost).toBe(58.99);
    expect(plan.teams).toEqual([{ team: "web", seats: 1, monthlyCost: 19.99, logins: ["c"] }]);
  });
});

describe("batches", () => {
  it("deal a login to the same batch whatever its case, within the batch count", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9]{1,20}$/), fc.integer({ min: 1, max: 5000 }), (login, count) => {
        const batch = batchOf(login, count);
        expect(batch).toBe(batchOf(login.toUpperCase(), count));
        expect(batch).toBeGreaterThanOrEqual(0);
        expect(batch).toBeLessThan(count);
      }),
    );
  });
});

describe("reclaim settings", () => {
  const base = {
    SLACK_SIGNING_SECRET: "s",
    SLACK_BOT_TOKEN: "xoxb-1",
    GITHUB_ORG: "acme",
    GITHUB_TOKEN: "t",
  };

  it("default to report, 60d idle, 7d grace, 90d snooze, Monday", () => {
    const { reclaim } = loadConfig(base);
    expect(reclaim).toMatchObject({
      mode: "report",
      idleAfterMs: 60 * DAY,
      graceMs: 7 * DAY,
      snoozeMs: 90 * DAY,
      day: "MON",
    });
  });

  it("read logins and team:slug entries as exempt", () => {
    const { reclaim } = loadConfig({ ...base, RECLAIM_EXEMPT: "Octocat, team:Leads" });
    expect([...(reclaim?.exemptLogins ?? [])]).toEqual(["octocat"]);
    expect([...(reclaim?.exemptTeams ?? [])]).toEqual(["leads"]);
  });

  it("report every problem at once, each with how to fix it", () => {
    try {
      loadConfig({
        ...base,
        RECLAIM_MODE: "delete",
        RECLAIM_IDLE_AFTER: "60",
        RECLAIM_GRACE: "1w",
        RECLAIM_EXEMPT: "ok,bad login",
        RECLAIM_DAY: "someday",
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join("\n");
      expect(problems).toContain("RECLAIM_MODE must be one of off, report, ask, enforce");
      expect(problems).toContain("RECLAIM_IDLE_AFTER");
      expect(problems).toContain("RECLAIM_GRACE");
      expect(problems).toContain('"bad login" is neither');
      expect(problems).toContain("RECLAIM_DAY must be a day of the week");
    }
  });
});
