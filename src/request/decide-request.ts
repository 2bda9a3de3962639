import { type Admins, assertAdmin, assertMayDecide } from "./authorization.js";
import { RequestNotFoundError, SeatBotError, StaleStateError } from "./errors.js";
import type { Clock, Counters, Job, JobQueue, RequestStore } from "./ports.js";
import { REASON_MAX_LENGTH, type SeatRequest } from "./seat-request.js";

export interface DecideDependencies {
  store: RequestStore;
  queue: JobQueue;
  clock: Clock;
  admins: Admins;
  counters: Counters;
}

/** The request was decided before this click arrived: a second click, a colleague, or a Slack retry. */
export class AlreadyDecidedError extends SeatBotError {
  constructor(readonly request: SeatRequest) {
    super({
      code: "ALREADY_DECIDED",
      params: {
        state: request.state,
        requesterId: request.requesterId,
        ...(request.decidedBy ? { decidedBy: request.decidedBy } : {}),
      },
    });
    this.name = "AlreadyDecidedError";
  }
}

async function loadForDecision(requestId: string, actorId: string, deps: DecideDependencies): Promise<SeatRequest> {
  const request = await deps.store.get(requestId);
  if (!request) throw new RequestNotFoundError(requestId);
  assertMayDecide(request, actorId, deps.admins);
  if (request.state !== "PENDING") throw new AlreadyDecidedError(request);
  return request;
}

/**
 * PENDING → APPROVED exactly once: the conditional write lets one click win however many arrive at once, and only
 * the winner queues the seat assignment. The worker makes it for an Approve click, recorded under the click's
 * `clickId`: a second delivery of the same job (SQS delivers at least once, and again after a worker stopped
 * midway) finds the decision its own and tells the manager nothing, and queues the assignment again while the
 * request waits for it, in case the first delivery stopped before queueing it (it runs once, under its lease).
 */
export async function approveRequest(
  requestId: string,
  actorId: string,
  deps: DecideDependencies,
  clickId?: string,
): Promise<SeatRequest> {
  let outcome: Awaited<ReturnType<typeof decide>>;
  try {
    outcome = await decide(requestId, "APPROVED", actorId, deps, clickId ? { decisionId: clickId } : {});
  } catch (error) {
    const own = error instanceof AlreadyDecidedError && clickId !== undefined && error.request.decisionId === clickId;
    if (!own) throw error;
    if (error.request.state === "APPROVED") {
      await queueAfterDecision(deps, { type: "assign-seat", requestId }, "approved");
    }
    return error.request;
  }
  deps.counters.count("RequestsApproved");
  await besides(outcome.tidied, queueAfterDecision(deps, { type: "assign-seat", requestId }, "approved"));
  return outcome.decided;
}

/** Checks that the actor may deny before the reason dialog opens; the decision itself is `denyRequest`. */
export async function assertMayDeny(
  requestId: string,
  actorId: string,
  deps: DecideDependencies,
): Promise<SeatRequest> {
  return loadForDecision(requestId, actorId, deps);
}

export async function denyRequest(
  requestId: string,
  actorId: string,
  reason: string | undefined,
  deps: DecideDependencies,
): Promise<SeatRequest> {
  const denialReason = reason?.trim().slice(0, REASON_MAX_LENGTH) || undefined;
  const { decided: denied, tidied } = await decide(
    requestId,
    "DENIED",
    actorId,
    deps,
    denialReason ? { denialReason } : {},
  );
  deps.counters.count("RequestsDenied");
  await besides(tidied, queueAfterDecision(deps, { type: "notify-outcome", requestId }, "denied"));
  return denied;
}

/** An admin's second attempt at a FAILED assignment, after fixing what GitHub complained about. */
export async function retryFailedRequest(
  requestId: string,
  actorId: string,
  deps: DecideDependencies,
): Promise<SeatRequest> {
  assertAdmin(actorId, deps.admins, "retry-failed");
  const request = await deps.store.get(requestId);
  if (!request) throw new RequestNotFoundError(requestId);
  // A second delivery of the same retry finds its own entry last: it only queues the assignment again (which runs
  // once, under its lease), in case the first delivery stopped before queueing it.
  const last = request.history.at(-1);
  if (request.state === "APPROVED" && last?.action === "retried" && last.actorId === actorId) {
    await queueAfterDecision(deps, { type: "assign-seat", requestId }, "retried");
    return request;
  }
  if (request.state !== "FAILED") {
    throw new SeatBotError({ code: "NOT_FAILED", params: { state: request.state } });
  }
  const retried = await transitionOrExplain(request, "APPROVED", deps, {
    entry: { actorId, action: "retried", detail: `attempt ${request.attempt + 1}` },
    changes: { attempt: request.attempt + 1 },
  });
  await queueAfterDecision(deps, { type: "assign-seat", requestId }, "retried");
  return retried;
}

/**
 * The decision is already recorded when its follow-up job is queued. If the queue refuses, say so truthfully: the
 * maintenance sweep, every 15 minutes, finds the request and queues the job again.
 */
async function queueAfterDecision(
  deps: DecideDependencies,
  job: Job,
  outcome: "approved" | "denied" | "retried",
): Promise<void> {
  try {
    await deps.queue.enqueue(job);
  } catch (error) {
    throw new SeatBotError({ code: "FOLLOW_UP_DELAYED", params: { outcome } }, { cause: error });
  }
}

/**
 * Waits for both: the store's tidying after a decision and the follow-up job run side by side, one round trip on
 * Slack's clock. The tidying never rejects; the job's failure is the one to explain.
 */
async function besides(tidied: Promise<void>, followUp: Promise<void>): Promise<void> {
  const [, queued] = await Promise.allSettled([tidied, followUp]);
  if (queued.status === "rejected") throw queued.reason;
}

/**
 * One conditional write decides, with who may decide in its condition, so the click needs no read first. When it is
 * refused, the request as it now stands says why: gone, not this person's to decide, or no longer waiting. A
 * reminder, an escalation or a forward recorded meanwhile is no decision, so the click decides the request as it now
 * stands; if the refusal explains nothing (it was forwarded to this person between the write and the read), the write
 * is tried again. Only another decision makes it lose.
 */
async function decide(
  requestId: string,
  to: "APPROVED" | "DENIED",
  actorId: string,
  deps: DecideDependencies,
  extra: { denialReason?: string; decisionId?: string },
): Promise<{ decided: SeatRequest; tidied: Promise<void> }> {
  const decision = { to, actorId, actorIsAdmin: deps.admins.isAdmin(actorId), ...extra };
  for (let attempt = 0; ; attempt++) {
    const outcome = await deps.store.decide(
      requestId,
      { ...decision, decidedAt: deps.clock.now().toISOString() },
      // The follow-up job writes the audit items (on Slack's clock for a denial; an approval is the worker's).
      { auditLater: true },
    );
    if (outcome.decided) return outcome;
    const latest = outcome.refused;
    if (!latest) throw new RequestNotFoundError(requestId);
    assertMayDecide(latest, actorId, deps.admins);
    if (latest.state !== "PENDING" || attempt >= 3) throw new AlreadyDecidedError(latest);
  }
}

async function transitionOrExplain(
  request: SeatRequest,
  to: SeatRequest["state"],
  deps: DecideDependencies,
  change: { entry: Parameters<RequestStore["transition"]>[2]; changes: Parameters<RequestStore["transition"]>[3] },
): Promise<SeatRequest> {
  try {
    // On Slack's clock: the assignment job that follows writes the audit items (or the sweep does).
    return await deps.store.transition(request, to, change.entry, change.changes, { auditLater: true });
  } catch (error) {
    if (!(error instanceof StaleStateError)) throw error;
    // Someone else's click won the race; tell this person what happened instead.
    const current = await deps.store.get(request.id);
    if (!current) throw new RequestNotFoundError(request.id);
    throw new AlreadyDecidedError(current);
  }
}
