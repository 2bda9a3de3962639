import { type CopilotSeat, lastSeenAt } from "../seat/copilot-seat.js";
import { percent } from "./usage-figures.js";

/** The organization's Copilot subscription as GitHub reports it, and every seat in it. */
export interface SeatSnapshot {
  breakdown: {
    total: number;
    addedThisCycle: number;
    pendingCancellation: number;
    pendingInvitation: number;
  };
  /** The subscription's plan, for seats whose own plan GitHub reports as unknown. */
  planType?: string;
  seats: readonly CopilotSeat[];
}

export interface SeatSource {
  seatSnapshot(): Promise<SeatSnapshot>;
}

/** Monthly list price of one seat, per plan, in dollars. */
export interface SeatPrices {
  business: number;
  enterprise: number;
}

export const DEFAULT_SEAT_PRICES: SeatPrices = { business: 19, enterprise: 39 };
export const INACTIVE_AFTER_DAYS = 30;

export interface SeatFigures {
  total: number;
  addedThisCycle: number;
  pendingCancellation: number;
  /** Seats GitHub listed. */
  assigned: number;
  /** Seats used or signed in to in the last 30 days. */
  active: number;
  /**
   * The seats utilization is of: every listed seat but those pending cancellation and those assigned less than 30
   * days ago and not used yet, the seats the inactive count leaves out too.
   */
  utilizationSeats: number;
  /** Of `utilizationSeats`, those used or signed in to in the last 30 days. */
  utilizationActive: number;
  /** Listed seats left out of utilization: pending cancellation, or assigned less than 30 days ago and not used yet. */
  leftOutOfUtilization: { pendingCancellation: number; newNotUsed: number };
  /** Seats GitHub listed without an assignee (`assignee: null`); counted like any other seat. */
  withoutAssignee: number;
  /** Seats that come through an enterprise team, which the organization cannot remove on its own. */
  throughEnterpriseTeams: number;
  /** `utilizationActive` ÷ `utilizationSeats` in percent, one decimal. */
  utilization?: number;
  /** Seats that could be reclaimed: assigned 30+ days ago, no activity for 30+ days, not already being cancelled. */
  inactive: number;
  inactiveByPlan: { business: number; enterprise: number };
  inactiveMonthlyCost: number;
  prices: SeatPrices;
  asOf: string;
}

const DAY_MS = 86_400_000;

function planOf(seat: CopilotSeat, subscriptionPlan: string | undefined): "business" | "enterprise" {
  const plan = seat.planType === "business" || seat.planType === "enterprise" ? seat.planType : subscriptionPlan;
  return plan === "enterprise" ? "enterprise" : "business";
}

/**
 * Seat figures as of `now`. A seat was last used at the later of `last_activity_at` and `last_authenticated_at`:
 * a user with telemetry off has no activity on record but still signs in, and must not be priced as idle. A null
 * `last_activity_at` means no activity for 90 days or more (GitHub clears it), so with no sign-in either the seat is
 * idle. A seat counts as inactive only once it has had 30 days to be used: a seat assigned last week without
 * activity yet is new, not idle. Seats already pending cancellation are left out of the inactive count and its
 * cost, since nothing more needs doing about them. Utilization leaves out the same seats, so that it agrees with the
 * inactive count: a seat on its way out, or one not yet given its 30 days, would otherwise lower it.
 */
export function seatFigures(snapshot: SeatSnapshot, prices: SeatPrices, now: Date): SeatFigures {
  const cutoff = now.getTime() - INACTIVE_AFTER_DAYS * DAY_MS;
  const usedSince = (seat: CopilotSeat) => {
    const seen = lastSeenAt(seat);
    return seen !== undefined && Date.parse(seen) > cutoff;
  };
  const active = snapshot.seats.filter(usedSince).length;
  const inactiveByPlan = { business: 0, enterprise: 0 };
  let utilizationActive = 0;
  const leftOutOfUtilization = { pendingCancellation: 0, newNotUsed: 0 };
  for (const seat of snapshot.seats) {
    if (seat.pendingCancellationDate) leftOutOfUtilization.pendingCancellation += 1;
    else if (usedSince(seat)) utilizationActive += 1;
    else if (Date.parse(seat.createdAt) > cutoff) leftOutOfUtilization.newNotUsed += 1;
    else inactiveByPlan[planOf(seat, snapshot.planType)] += 1;
  }
  const inactive = inactiveByPlan.business + inactiveByPlan.enterprise;
  const figures: SeatFigures = {
    total: snapshot.breakdown.total,
    addedThisCycle: snapshot.breakdown.addedThisCycle,
    pendingCancellation: snapshot.breakdown.pendingCancellation,
    assigned: snapshot.seats.length,
    active,
    utilizationSeats: utilizationActive + inactive,
    utilizationActive,
    leftOutOfUtilization,
    withoutAssignee: snapshot.seats.filter((seat) => !seat.login).length,
    throughEnterpriseTeams: snapshot.seats.filter((seat) => seat.assigningTeamKind === "enterprise").length,
    inactive,
    inactiveByPlan,
    // In cents, so that prices like 19.99 add up exactly.
    inactiveMonthlyCost:
      Math.round(
        inactiveByPlan.business * prices.business * 100 + inactiveByPlan.enterprise * prices.enterprise * 100,
      ) / 100,
    prices,
    asOf: now.toISOString(),
  };
  const utilization = percent(utilizationActive, utilizationActive + inactive);
  if (utilization !== undefined) figures.utilization = utilization;
  return figures;
}
