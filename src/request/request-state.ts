/** The states a seat request moves through; `state-machine.ts` says which moves are allowed. */
export const REQUEST_STATES = [
  "VALIDATING",
  "PENDING",
  "APPROVED",
  "ASSIGNED",
  "DENIED",
  "REJECTED",
  "FAILED",
  "EXPIRED",
  "CANCELLED",
  "ENDING",
  "ENDED",
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];
