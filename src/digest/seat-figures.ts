import type { CopilotSeat } from "../seat/copilot-seat.js";
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
  /** Seats GitHub listed: the denominator of utilization. */
  assigned: number;
  /** Seats with activity in the last 30 days. */
  active: number;
  /** Percent of assigned seats that were active, one decimal. */
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
 * Seat figures as of `now`. A seat counts as inactive only once it has had 30 days to be used: a seat assigned last
 * week without activity yet is new, not idle. Seats already pending cancellation are left out of the inactive count
 * and its cost, since nothing more needs doing about them.
 */
export function seatFigures(snapshot: SeatSnapshot, prices: SeatPrices, now: Date): SeatFigures {
  const cutoff = now.getTime() - INACTIVE_AFTER_DAYS * DAY_MS;
  const usedSince = (seat: CopilotSeat) =>
    seat.lastActivityAt !== undefined && Date.parse(seat.lastActivityAt) > cutoff;
  const active = snapshot.seats.filter(usedSince).length;
  const inactiveByPlan = { business: 0, enterprise: 0 };
  for (const seat of snapshot.seats) {
    if (usedSince(seat) || seat.pendingCancellationDate) continue;
    if (Date.parse(seat.createdAt) > cutoff) continue;
    inactiveByPlan[planOf(seat, snapshot.planType)] += 1;
  }
  const inactive = inactiveByPlan.business + inactiveByPlan.enterprise;
  const figures: SeatFigures = {
    total: snapshot.breakdown.total,
    addedThisCycle: snapshot.breakdown.addedThisCycle,
    pendingCancellation: snapshot.breakdown.pendingCancellation,
    assigned: snapshot.seats.length,
    active,
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
  const utilization = percent(active, snapshot.seats.length);
  if (utilization !== undefined) figures.utilization = utilization;
  return figures;
}
