import type { RequestState } from "../request/seat-request.js";
import type { DayRange } from "./digest-week.js";

/** What the digest needs to know about one seat request filed through the bot. */
export interface RequestOutcome {
  /** `grant` for a seat an admin assigned directly, which is not a request anyone filed. */
  kind?: "request" | "grant" | "extension";
  state: RequestState;
  createdAt: string;
  decidedAt?: string;
  /** Handed on by its approver to someone else at least once. */
  forwarded?: boolean;
}

/** Time-bound seats: those ending in the week after the digest's week, and seats their holders gave back in it. */
export interface SeatTermFigures {
  seatsEndingNextWeek: number;
  seatsReleased: number;
}

export interface RequestStatistics {
  /** Requests filed from `from` (included) until `until` (excluded), both ISO instants. */
  requestsFiled(from: string, until: string): Promise<RequestOutcome[]>;
  /** Seats released from `from` until `until`, and time-bound seats ending in the 7 days from `until`. */
  seatTerms?(from: string, until: string): Promise<SeatTermFigures>;
}

export interface RequestFigures {
  range: DayRange;
  filed: number;
  /** Approved by a manager, whatever GitHub did next (assigned, failed, or still assigning). */
  approved: number;
  denied: number;
  /** Stopped by the bot's checks before reaching a manager. */
  rejected: number;
  /** Still being checked or waiting for the manager. */
  pending: number;
  decided: number;
  /** Seats admins granted directly through the bot, which the request counts leave out. */
  granted: number;
  /** Median time from filing to the manager's decision, in whole minutes. */
  medianMinutesToDecision?: number;
  /** Ended without a decision after EXPIRE_AFTER. */
  expired?: number;
  /** Withdrawn by their requesters. */
  cancelled?: number;
  /** Handed on by their approver to someone else. */
  forwarded?: number;
  seatsEndingNextWeek?: number;
  seatsReleased?: number;
}

const APPROVED: ReadonlySet<RequestState> = new Set(["APPROVED", "ASSIGNED", "FAILED", "ENDING", "ENDED"]);
const PENDING: ReadonlySet<RequestState> = new Set(["VALIDATING", "PENDING"]);

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export function requestFigures(outcomes: readonly RequestOutcome[], range: DayRange): RequestFigures {
  const requests = outcomes.filter((r) => r.kind !== "grant");
  const count = (states: ReadonlySet<RequestState>) => requests.filter((r) => states.has(r.state)).length;
  const waits = requests
    .filter((r) => r.decidedAt && (APPROVED.has(r.state) || r.state === "DENIED"))
    .map((r) => Date.parse(r.decidedAt ?? "") - Date.parse(r.createdAt))
    .filter((ms) => Number.isFinite(ms) && ms >= 0);
  const figures: RequestFigures = {
    range,
    filed: requests.length,
    approved: count(APPROVED),
    denied: requests.filter((r) => r.state === "DENIED").length,
    rejected: requests.filter((r) => r.state === "REJECTED").length,
    pending: count(PENDING),
    decided: waits.length,
    granted: outcomes.length - requests.length,
  };
  const expired = requests.filter((r) => r.state === "EXPIRED").length;
  const cancelled = requests.filter((r) => r.state === "CANCELLED").length;
  const forwarded = requests.filter((r) => r.forwarded).length;
  if (expired) figures.expired = expired;
  if (cancelled) figures.cancelled = cancelled;
  if (forwarded) figures.forwarded = forwarded;
  const middle = median(waits);
  if (middle !== undefined) figures.medianMinutesToDecision = Math.round(middle / 60_000);
  return figures;
}
