import type { Clock, Job, JobQueue, RequestStore } from "./ports.js";
import type { RequestState } from "./seat-request.js";

export interface SweepDependencies {
  store: RequestStore;
  queue: JobQueue;
  clock: Clock;
}

/** How long a request may sit in a state the worker should have moved it out of before its job is queued again. */
export const STUCK_AFTER_MINUTES = 30;
const SWEEP_LIMIT = 200;

const JOB_FOR_STATE: Partial<Record<RequestState, (requestId: string) => Job>> = {
  VALIDATING: (requestId) => ({ type: "validate-request", requestId }),
  APPROVED: (requestId) => ({ type: "assign-seat", requestId }),
};

/**
 * The daily safety net: a request whose job was lost (the queue refused it right after the state change, or it ended
 * in the dead-letter queue) would otherwise wait forever. Queuing the job again is safe because every job checks the
 * request's state before acting.
 */
export async function sweepStuckRequests(deps: SweepDependencies): Promise<{ requeued: string[] }> {
  const cutoff = new Date(deps.clock.now().getTime() - STUCK_AFTER_MINUTES * 60_000).toISOString();
  const requeued: string[] = [];
  for (const [state, jobFor] of Object.entries(JOB_FOR_STATE) as [RequestState, (id: string) => Job][]) {
    for (const request of await deps.store.listByState(state, SWEEP_LIMIT)) {
      if (request.updatedAt > cutoff) continue;
      await deps.queue.enqueue(jobFor(request.id));
      requeued.push(request.id);
    }
  }
  return { requeued };
}
