import { isFullyAnnounced } from "./announce-request.js";
import type { Clock, Job, JobQueue, RequestStore } from "./ports.js";
import type { RequestState } from "./seat-request.js";

export interface SweepDependencies {
  store: RequestStore;
  queue: JobQueue;
  clock: Clock;
}

/** How long a request may sit in a state the worker should have moved it out of before its job is queued again. */
export const STUCK_AFTER_MINUTES = 30;
/** Decided requests older than this are not looked at again. */
const ANNOUNCE_WITHIN_DAYS = 14;
const SWEEP_LIMIT = 200;

const WORK_FOR_STATE: Partial<Record<RequestState, (requestId: string) => Job>> = {
  VALIDATING: (requestId) => ({ type: "validate-request", requestId }),
  APPROVED: (requestId) => ({ type: "assign-seat", requestId }),
};
const ANNOUNCED_STATES: readonly RequestState[] = ["PENDING", "ASSIGNED", "DENIED", "REJECTED", "FAILED"];

/**
 * The daily safety net. A request whose job was lost (the queue refused it right after the state change, or it
 * ended in the dead-letter queue) would otherwise wait forever: its work is queued again, and so are the messages of
 * a request whose people were never told (a manager never asked, a requester never answered). Both are safe to
 * repeat, because every job checks the state it acts on and every message is sent once.
 */
export async function sweepStuckRequests(deps: SweepDependencies): Promise<{ requeued: string[] }> {
  const now = deps.clock.now().getTime();
  const stuckBefore = new Date(now - STUCK_AFTER_MINUTES * 60_000).toISOString();
  const recentAfter = new Date(now - ANNOUNCE_WITHIN_DAYS * 24 * 60 * 60_000).toISOString();
  const requeued: string[] = [];
  for (const [state, jobFor] of Object.entries(WORK_FOR_STATE) as [RequestState, (id: string) => Job][]) {
    for (const request of await deps.store.listByState(state, SWEEP_LIMIT)) {
      if (request.updatedAt > stuckBefore) continue;
      await deps.queue.enqueue(jobFor(request.id));
      requeued.push(request.id);
    }
  }
  for (const state of ANNOUNCED_STATES) {
    for (const request of await deps.store.listByState(state, SWEEP_LIMIT, recentAfter)) {
      if (request.updatedAt > stuckBefore || isFullyAnnounced(request)) continue;
      await deps.queue.enqueue({ type: "notify-outcome", requestId: request.id });
      requeued.push(request.id);
    }
  }
  return { requeued };
}
