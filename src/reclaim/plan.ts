import type { CopilotSeat } from "../seat/copilot-seat.js";
import { addDollars, judgeSeat, monthlyPrice, type SeatContext, type SeatVerdict } from "./idle-rule.js";
import type { ReclaimPolicy } from "./policy.js";

/** An idle seat held by one person: the round asks its holder (or lists it for admins when nobody is known). */
export interface PlannedSeat {
  login: string;
  lastSeenAt?: string;
  createdAt: string;
  monthlyCost: number;
}

/** Idle seats that come through one team: GitHub cancels them only with the team, so they are listed, never asked. */
export interface IdleTeam {
  team: string;
  seats: number;
  monthlyCost: number;
  /** The first logins, for the admins' list. */
  logins: string[];
}

export type VerdictCounts = Record<SeatVerdict["kind"], number>;

/** What a round would do now: who, why, and what it costs a month. */
export interface ReclaimPlan {
  asOf: string;
  seatsListed: number;
  counts: VerdictCounts;
  /** Idle seats held per person, sorted by login. */
  idle: PlannedSeat[];
  idleMonthlyCost: number;
  teams: IdleTeam[];
  teamMonthlyCost: number;
}

const TEAM_LOGINS_SHOWN = 10;

export function emptyCounts(): VerdictCounts {
  return {
    idle: 0,
    active: 0,
    "too-new": 0,
    "pending-cancellation": 0,
    exempt: 0,
    team: 0,
    "time-bound": 0,
    kept: 0,
    "no-assignee": 0,
  };
}

/** Judges every seat and gathers the idle ones with their cost. Pure: a preview and a round compute the same plan. */
export function planRound(
  seats: readonly CopilotSeat[],
  policy: ReclaimPolicy,
  now: Date,
  context: SeatContext,
  subscriptionPlan?: string,
): ReclaimPlan {
  const counts = emptyCounts();
  const idle: PlannedSeat[] = [];
  const teams = new Map<string, { seats: number; costs: number[]; logins: string[] }>();
  const seen = new Set<string>();
  for (const seat of seats) {
    // A seat listed twice (pages shifting while GitHub is read) is judged once.
    const key = seat.login.toLowerCase();
    if (key && seen.has(key)) continue;
    if (key) seen.add(key);
    const verdict = judgeSeat(seat, policy, now, context);
    counts[verdict.kind] += 1;
    const cost = monthlyPrice(seat, policy.prices, subscriptionPlan);
    if (verdict.kind === "idle") {
      idle.push({
        login: seat.login,
        createdAt: seat.createdAt,
        monthlyCost: cost,
        ...(verdict.lastSeenAt ? { lastSeenAt: verdict.lastSeenAt } : {}),
      });
    } else if (verdict.kind === "team") {
      const team = teams.get(verdict.team) ?? { seats: 0, costs: [], logins: [] };
      team.seats += 1;
      team.costs.push(cost);
      if (team.logins.length < TEAM_LOGINS_SHOWN) team.logins.push(seat.login);
      teams.set(verdict.team, team);
    }
  }
  idle.sort((a, b) => a.login.toLowerCase().localeCompare(b.login.toLowerCase()));
  const teamList = [...teams.entries()]
    .map(([team, t]) => ({ team, seats: t.seats, monthlyCost: addDollars(t.costs), logins: t.logins }))
    .sort((a, b) => b.seats - a.seats || a.team.localeCompare(b.team));
  return {
    asOf: now.toISOString(),
    seatsListed: seats.length,
    counts,
    idle,
    idleMonthlyCost: addDollars(idle.map((s) => s.monthlyCost)),
    teams: teamList,
    teamMonthlyCost: addDollars(teamList.map((t) => t.monthlyCost)),
  };
}
