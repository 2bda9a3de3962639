import { InvalidTransitionError } from "./errors.js";
import type { RequestState } from "./seat-request.js";

/**
 * Every move a request may make. VALIDATING and APPROVED are the two states in which the worker talks to GitHub;
 * FAILED → APPROVED is an admin's retry. PENDING → PENDING records a reminder, an escalation or a forward: the same
 * conditional write as any state change, so each happens once however many sweeps or clicks race for it.
 */
const TRANSITIONS: Readonly<Record<RequestState, readonly RequestState[]>> = {
  VALIDATING: ["PENDING", "REJECTED"],
  PENDING: ["APPROVED", "DENIED", "PENDING", "EXPIRED", "CANCELLED"],
  APPROVED: ["ASSIGNED", "FAILED"],
  FAILED: ["APPROVED"],
  // A time-bound seat: extended (ASSIGNED → ASSIGNED), ending at its term, or released by its holder.
  ASSIGNED: ["ASSIGNED", "ENDING", "ENDED"],
  ENDING: ["ENDED"],
  ENDED: [],
  DENIED: [],
  REJECTED: [],
  EXPIRED: [],
  CANCELLED: [],
};

/** States in which a request still blocks another request for the same GitHub login. */
const OPEN_STATES: ReadonlySet<RequestState> = new Set(["VALIDATING", "PENDING", "APPROVED"]);

export function canTransition(from: RequestState, to: RequestState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: RequestState, to: RequestState): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);
}

export function isOpen(state: RequestState): boolean {
  return OPEN_STATES.has(state);
}

export function isFinal(state: RequestState): boolean {
  return TRANSITIONS[state].length === 0;
}
