import { type SubscriptionSummaryStore, summaryRefreshDue } from "../admin/stored-subscription-summary.js";
import { type ReclaimSweepDependencies, sweepReclaim } from "../reclaim/round.js";
import { ANNOUNCE_WITHIN_MS, isFullyAnnounced, MESSAGE_LEASE_SECONDS } from "./announce-request.js";
import { advanceWaitingRequest, type WaitingLimits } from "./pending-lifecycle.js";
import {
  type Clock,
  type Counters,
  type Job,
  type JobQueue,
  type Log,
  noCounters,
  type RequestStore,
} from "./ports.js";
import type { RequestState, SeatRequest } from "./seat-request.js";
import { sweepSeatEnds } from "./seat-term.js";

const DEFAULT_SEAT_END_WARNING_MS = 7 * 24 * 60 * 60_000;

export interface SweepDependencies {
  store: RequestStore;
  queue: JobQueue;
  clock: Clock;
  adminIds: readonly string[];
  log: Log;
  counters?: Counters;
  /** How long requests may wait (`REMINDER_AFTER`, `ESCALATE_AFTER`, `EXPIRE_AFTER`); the defaults when absent. */
  waiting?: WaitingLimits;
  /** `SEAT_END_WARNING`: how long before a time-bound seat's end its holder is warned (default 7 days). */
  seatEndWarningMs?: number;
  /** The stored subscription summary, renewed through the worker when it is old or seats changed; absent, it is not. */
  summaries?: Pick<SubscriptionSummaryStore, "read">;
  /** Reclaiming idle seats: the weekly round's start, its deadlines and its kill switch; skipped when absent. */
  reclaim?: ReclaimSweepDependencies;
}

/** The configuration's defaults, for a sweep built without it (`LIFECYCLE_DEFAULTS` in `src/config/config.ts`). */
export const DEFAULT_WAITING_LIMITS: WaitingLimits = {
  reminderAfterMs: 24 * 60 * 60_000,
  escalateAfterMs: 72 * 60 * 60_000,
  expireAfterMs: 14 * 24 * 60 * 60_000,
  workingWeek: { days: new Set([1, 2, 3, 4, 5]), timeZone: "UTC" },
};

/**
 * How long a request may sit in a state the worker should have moved it out of before its job is queued again.
 * Short, because queueing again is always safe (every job checks the state it acts on, every GitHub call and message
 * is leased once); long enough that a job still in its first deliveries is not doubled for nothing.
 */
export const STUCK_AFTER_MINUTES = 5;
/** Audit items are repaired once their own writer has had its chance. */
const AUDIT_REPAIR_AFTER_SECONDS = 60;
const SWEEP_LIMIT = 200;

function workFor(request: SeatRequest): (Job & { requestId: string }) | undefined {
  switch (request.state) {
    case "VALIDATING":
      return { type: "validate-request", requestId: request.id };
    case "PENDING":
      // A grant has no manager to wait for: its validation job approves and assigns it in one go.
      return request.kind === "grant" ? { type: "validate-request", requestId: request.id } : undefined;
    case "APPROVED":
      return { type: "assign-seat", requestId: request.id };
    case "ENDING":
      return { type: "end-seat", requestId: request.id };
    default:
      return undefined;
  }
}

const WORK_STATES: readonly RequestState[] = ["VALIDATING", "PENDING", "APPROVED", "ENDING"];
const ANNOUNCED_STATES: readonly RequestState[] = [
  "PENDING",
  "ASSIGNED",
  "DENIED",
  "REJECTED",
  "FAILED",
  "EXPIRED",
  "CANCELLED",
  "ENDED",
];

/**
 * The safety net, every 15 minutes, and the clock of waiting requests: a request due for a reminder, an escalation or
 * its expiry is moved on here (one conditional transition each) and its messages queued for the worker. A request whose job was lost (the queue refused it right after the state change,
 * a worker crashed on its last delivery, it ended in the dead-letter queue) would otherwise wait forever: its work is
 * queued again, and so are the messages Slack never confirmed (a manager never asked, a requester never answered).
 * Audit items whose write failed after their state change are written from the request's own history.
 */
export async function sweepStuckRequests(
  deps: SweepDependencies,
): Promise<{ requeued: string[]; auditRepaired: string[]; summaryRefreshQueued: boolean }> {
  const now = deps.clock.now().getTime();
  const stuckBefore = new Date(now - STUCK_AFTER_MINUTES * 60_000).toISOString();
  const unconfirmedBefore = new Date(now - MESSAGE_LEASE_SECONDS * 1000).toISOString();
  // Decided requests filed longer ago than this are not looked at again.
  const recentAfter = new Date(now - ANNOUNCE_WITHIN_MS).toISOString();
  const queued = new Set<string>();
  // A queue that refuses a job is not asked again in this run, and the rest of the sweep (expiry, audit repair,
  // reclaiming) still runs before the run fails: what was not queued is found again by the next sweep.
  let queueRefusal: unknown;
  const requeue = async (job: Job & { requestId: string }) => {
    if (queueRefusal !== undefined || queued.has(`${job.type}:${job.requestId}`)) return;
    try {
      await deps.queue.enqueue(job);
      queued.add(`${job.type}:${job.requestId}`);
    } catch (error) {
      queueRefusal = error;
    }
  };

  for (const request of await deps.store.listByState("PENDING", SWEEP_LIMIT)) {
    try {
      const advanced = await advanceWaitingRequest(request, deps.waiting ?? DEFAULT_WAITING_LIMITS, {
        store: deps.store,
        clock: deps.clock,
        log: deps.log,
        counters: deps.counters ?? noCounters,
      });
      if (advanced) await requeue({ type: "notify-outcome", requestId: request.id });
    } catch (error) {
      // One request's failure must not hold up the others; the next sweep tries it again.
      deps.log.warn("Could not move a waiting request on; the next sweep tries again", {
        requestId: request.id,
        error,
      });
    }
  }
  await sweepSeatEnds({ ...deps, seatEndWarningMs: deps.seatEndWarningMs ?? DEFAULT_SEAT_END_WARNING_MS }, requeue);
  for (const state of WORK_STATES) {
    for (const request of await deps.store.listByState(state, SWEEP_LIMIT)) {
      const job = workFor(request);
      if (job && request.updatedAt <= stuckBefore) await requeue(job);
    }
  }
  // The window is on when a request was filed: a request expires `EXPIRE_AFTER` after that, so the expired ones are
  // looked for that much further back. (Seats that ended at their term are found through their markers instead.)
  const expireAfterMs = (deps.waiting ?? DEFAULT_WAITING_LIMITS).expireAfterMs;
  const expiredRecentAfter = new Date(Date.parse(recentAfter) - expireAfterMs).toISOString();
  for (const state of ANNOUNCED_STATES) {
    const filedAfter = state === "EXPIRED" ? expiredRecentAfter : recentAfter;
    for (const request of await deps.store.listByState(state, SWEEP_LIMIT, filedAfter)) {
      if (request.updatedAt > unconfirmedBefore || isFullyAnnounced(request, deps.adminIds)) continue;
      await requeue({ type: "notify-outcome", requestId: request.id });
    }
  }

  const auditRepaired: string[] = [];
  const repairBefore = new Date(now - AUDIT_REPAIR_AFTER_SECONDS * 1000).toISOString();
  for (const request of await deps.store.listUnprojected(repairBefore, SWEEP_LIMIT)) {
    try {
      await deps.store.projectHistory(request);
      auditRepaired.push(request.id);
    } catch (error) {
      deps.log.warn("Could not repair a request's audit items; the next sweep tries again", {
        requestId: request.id,
        error,
      });
    }
  }
  if (deps.reclaim) {
    try {
      await sweepReclaim(deps.reclaim);
    } catch (error) {
      deps.log.warn("Could not move the reclaim round on; the next sweep tries again", { error });
    }
  }
  const summaryRefreshQueued = await queueSummaryRefreshIfDue(deps);
  // Raised once the rest has run, so that the run fails and its alarm fires: a queue that keeps refusing is an outage.
  if (queueRefusal !== undefined) {
    throw new Error("The queue refused the sweep's jobs; the next sweep queues them again.", { cause: queueRefusal });
  }
  const requeued = [...queued].map((key) => key.slice(key.indexOf(":") + 1));
  return { requeued, auditRepaired, summaryRefreshQueued };
}

/** Admin views read the stored summary; the sweep is what keeps it current (the listing itself runs in the worker). */
async function queueSummaryRefreshIfDue(deps: SweepDependencies): Promise<boolean> {
  if (!deps.summaries) return false;
  try {
    if (!summaryRefreshDue(await deps.summaries.read(), deps.clock.now())) return false;
    await deps.queue.enqueue({ type: "refresh-subscription-summary" });
    return true;
  } catch (error) {
    deps.log.warn("Could not queue a new listing of the Copilot seats; the next sweep tries again", { error });
    return false;
  }
}
