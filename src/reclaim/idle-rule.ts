import type { SeatPrices } from "../digest/seat-figures.js";
import { type CopilotSeat, lastSeenAt } from "../seat/copilot-seat.js";
import type { ReclaimPolicy } from "./policy.js";

/** What the bot knows beyond the seat itself when it judges it. */
export interface SeatContext {
  /** Lower-case logins whose seat came through a time-bound request: they end on their own date. */
  timeBound: ReadonlySet<string>;
  /** Lower-case logins of the members of the exempt teams. */
  exemptTeamMembers: ReadonlySet<string>;
  /** Lower-case login → until when a holder who answered Keep is left alone. */
  keptUntil: ReadonlyMap<string, string>;
}

export const NO_CONTEXT: SeatContext = { timeBound: new Set(), exemptTeamMembers: new Set(), keptUntil: new Map() };

/** Why a seat is, or is not, one to reclaim. Only `idle` seats are asked about or cancelled. */
export type SeatVerdict =
  | { kind: "idle"; lastSeenAt?: string }
  | { kind: "active"; lastSeenAt: string }
  | { kind: "too-new" }
  | { kind: "pending-cancellation" }
  | { kind: "exempt"; because: "login" | "team"; team?: string }
  /** Idle, but it comes through a team: GitHub cannot cancel it per person, so it is listed with its team. */
  | { kind: "team"; team: string; lastSeenAt?: string }
  | { kind: "time-bound" }
  | { kind: "kept"; until: string }
  | { kind: "no-assignee" };

/**
 * The idle rule. A seat is idle when nothing was seen of it for `RECLAIM_IDLE_AFTER`, by the later of
 * `last_activity_at` and `last_authenticated_at` (a user with telemetry off still signs in), on a seat assigned at
 * least that long ago (a new seat has had no chance to be used) and not already pending cancellation. Exempt logins and
 * members of exempt teams are never idle; seats that come through a team are listed with the team, never cancelled
 * per person; time-bound seats end on their own date; a holder who kept their seat is left alone until the snooze ends.
 */
export function judgeSeat(seat: CopilotSeat, policy: ReclaimPolicy, now: Date, context: SeatContext): SeatVerdict {
  const login = seat.login.toLowerCase();
  if (!login) return { kind: "no-assignee" };
  if (seat.pendingCancellationDate) return { kind: "pending-cancellation" };
  if (policy.exemptLogins.has(login)) return { kind: "exempt", because: "login" };
  const team = seat.assigningTeam?.toLowerCase();
  if (team && policy.exemptTeams.has(team)) return { kind: "exempt", because: "team", team: seat.assigningTeam };
  if (context.exemptTeamMembers.has(login)) return { kind: "exempt", because: "team" };
  const cutoff = now.getTime() - policy.idleAfterMs;
  const seen = lastSeenAt(seat);
  if (seen !== undefined && Date.parse(seen) > cutoff) return { kind: "active", lastSeenAt: seen };
  const created = Date.parse(seat.createdAt);
  if (Number.isNaN(created) || created > cutoff) return { kind: "too-new" };
  if (seat.assigningTeam) return { kind: "team", team: seat.assigningTeam, ...(seen ? { lastSeenAt: seen } : {}) };
  if (context.timeBound.has(login)) return { kind: "time-bound" };
  const keptUntil = context.keptUntil.get(login);
  if (keptUntil && Date.parse(keptUntil) > now.getTime()) return { kind: "kept", until: keptUntil };
  return { kind: "idle", ...(seen ? { lastSeenAt: seen } : {}) };
}

/** A seat's monthly list price in dollars: its own plan, or the subscription's when GitHub reports it as unknown. */
export function monthlyPrice(seat: CopilotSeat, prices: SeatPrices, subscriptionPlan?: string): number {
  const plan = seat.planType === "business" || seat.planType === "enterprise" ? seat.planType : subscriptionPlan;
  return plan === "enterprise" ? prices.enterprise : prices.business;
}

/** Dollars added in cents, so prices like 19.99 add up exactly. */
export function addDollars(amounts: Iterable<number>): number {
  let cents = 0;
  for (const amount of amounts) cents += Math.round(amount * 100);
  return cents / 100;
}
