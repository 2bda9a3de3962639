import { mention } from "../slack/mrkdwn.js";
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
    super("ALREADY_DECIDED", alreadyDecidedMessage(request));
    this.name = "AlreadyDecidedError";
  }
}

function alreadyDecidedMessage(request: SeatRequest): string {
  const by = request.decidedBy ? ` by ${mention(request.decidedBy)}` : "";
  switch (request.state) {
    case "APPROVED":
    case "ASSIGNED":
    case "FAILED":
      return `This request was already approved${by}. Nothing was changed.`;
    case "DENIED":
      return `This request was already denied${by}. Nothing was changed.`;
    case "CANCELLED":
      return `This request was cancelled by ${mention(request.requesterId)}. Nothing was changed.`;
    case "EXPIRED":
      return "This request expired without a decision; the requester was told how to ask again. Nothing was changed.";
    default:
      return `This request is ${request.state.toLowerCase()} and can't be decided now. Nothing was changed.`;
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
 * the winner queues the seat assignment.
 */
export async function approveRequest(
  requestId: string,
  actorId: string,
  deps: DecideDependencies,
): Promise<SeatRequest> {
  const request = await loadForDecision(requestId, actorId, deps);
  const approved = await decide(request, "APPROVED", actorId, deps, {});
  deps.counters.count("RequestsApproved");
  await queueAfterDecision(deps, { type: "assign-seat", requestId }, "approved");
  return approved;
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
  const request = await loadForDecision(requestId, actorId, deps);
  const denialReason = reason?.trim().slice(0, REASON_MAX_LENGTH) || undefined;
  const denied = await decide(request, "DENIED", actorId, deps, denialReason ? { denialReason } : {});
  deps.counters.count("RequestsDenied");
  await queueAfterDecision(deps, { type: "notify-outcome", requestId }, "denied");
  return denied;
}

/** An admin's second attempt at a FAILED assignment, after fixing what GitHub complained about. */
export async function retryFailedRequest(
  requestId: string,
  actorId: string,
  deps: DecideDependencies,
): Promise<SeatRequest> {
  assertAdmin(actorId, deps.admins, "retry a failed seat assignment");
  const request = await deps.store.get(requestId);
  if (!request) throw new RequestNotFoundError(requestId);
  if (request.state !== "FAILED") {
    throw new SeatBotError(
      "NOT_FAILED",
      `This request is ${request.state.toLowerCase()}, so there is nothing to retry. Nothing was changed.`,
    );
  }
  const retried = await transitionOrExplain(request, "APPROVED", deps, {
    entry: { actorId, action: "retried", detail: `attempt ${request.attempt + 1}` },
    changes: { attempt: request.attempt + 1 },
  });
  await queueAfterDecision(deps, { type: "assign-seat", requestId }, "set to be retried");
  return retried;
}

/**
 * The decision is already recorded when its follow-up job is queued. If the queue refuses, say so truthfully: the
 * maintenance sweep, every 15 minutes, finds the request and queues the job again.
 */
async function queueAfterDecision(deps: DecideDependencies, job: Job, what: string): Promise<void> {
  try {
    await deps.queue.enqueue(job);
  } catch (error) {
    throw new SeatBotError(
      "FOLLOW_UP_DELAYED",
      `The request was ${what}, but the bot could not start the next step just now. It will be picked up automatically within 15 minutes; nothing needs to be clicked again.`,
      { cause: error },
    );
  }
}

/**
 * A waiting request may also move PENDING → PENDING (a reminder, an escalation, a forward) while the click is on its
 * way; that is no decision, so the click decides the request as it now stands, after checking again that this person
 * may (a forward changes who decides). Only another decision makes it lose.
 */
async function decide(
  request: SeatRequest,
  to: "APPROVED" | "DENIED",
  actorId: string,
  deps: DecideDependencies,
  extra: { denialReason?: string },
): Promise<SeatRequest> {
  let current = request;
  for (let attempt = 0; ; attempt++) {
    try {
      return await deps.store.transition(
        current,
        to,
        { actorId, action: to === "APPROVED" ? "approved" : "denied", detail: extra.denialReason },
        { decidedBy: actorId, decidedAt: deps.clock.now().toISOString(), ...extra },
        // On Slack's clock: the follow-up job writes the audit items.
        { auditLater: true },
      );
    } catch (error) {
      if (!(error instanceof StaleStateError)) throw error;
      const latest = await deps.store.get(request.id);
      if (!latest) throw new RequestNotFoundError(request.id);
      if (latest.state !== "PENDING" || attempt >= 3) throw new AlreadyDecidedError(latest);
      assertMayDecide(latest, actorId, deps.admins);
      current = latest;
    }
  }
}

async function transitionOrExplain(
  request: SeatRequest,
  to: SeatRequest["state"],
  deps: DecideDependencies,
  change: { entry: Parameters<RequestStore["transition"]>[2]; changes: Parameters<RequestStore["transition"]>[3] },
): Promise<SeatRequest> {
  try {
    return await deps.store.transition(request, to, change.entry, change.changes);
  } catch (error) {
    if (!(error instanceof StaleStateError)) throw error;
    // Someone else's click won the race; tell this person what happened instead.
    const current = await deps.store.get(request.id);
    if (!current) throw new RequestNotFoundError(request.id);
    throw new AlreadyDecidedError(current);
  }
}
