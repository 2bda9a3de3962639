import { type Admins, assertMayDecide } from "./authorization.js";
import { AlreadyDecidedError } from "./decide-request.js";
import {
  NotAuthorizedError,
  RequestCheckError,
  RequestNotFoundError,
  SeatBotError,
  StaleStateError,
} from "./errors.js";
import type { Clock, Counters, JobQueue, RequestStore, SlackDirectory } from "./ports.js";
import type { SeatRequest } from "./seat-request.js";
import { checkApprover } from "./validate-request.js";

/**
 * The Cancel button's conditional write was refused and, so that Slack's acknowledgement stays within two round
 * trips, not read back to say why. The caller queues the same action for the worker, which reads the request and
 * explains the refusal to the person (or, after a race, cancels after all).
 */
export class RefusalUnreadError extends Error {
  constructor(readonly requestId: string) {
    super(`The change to request ${requestId} was refused; the worker explains why.`);
    this.name = "RefusalUnreadError";
  }
}

/** `readRefusal: false`: a refused write is not read back here (`RefusalUnreadError`); the worker explains it. */
export interface CancelCallOptions {
  readRefusal?: boolean;
}

export interface WithdrawDependencies {
  store: RequestStore;
  queue: JobQueue;
  clock: Clock;
  admins: Admins;
  counters: Counters;
}

/**
 * PENDING → CANCELLED, by the requester only: the conditional write lets one click (or command) win, and only the
 * winner queues the messages. The approver's message is then redrawn by the worker, like every other outcome.
 */
export async function cancelRequest(
  requestId: string,
  actorId: string,
  deps: WithdrawDependencies,
  options: CancelCallOptions = {},
): Promise<SeatRequest> {
  // One conditional write, with the requester in its condition, so the click needs no read first; the request is
  // read only when the write is refused, to say why (on Slack's clock not even then: the worker explains).
  for (let attempt = 0; ; attempt++) {
    const outcome = await deps.store.decide(
      requestId,
      { to: "CANCELLED", actorId, actorIsAdmin: false, decidedAt: deps.clock.now().toISOString() },
      // On Slack's clock: the follow-up job writes the audit items.
      { auditLater: true, readRefusal: options.readRefusal ?? true },
    );
    if (outcome.decided) {
      deps.counters.count("RequestsCancelled");
      // Freeing the login's slot and queueing the messages side by side: one round trip on Slack's clock.
      const [, queued] = await Promise.allSettled([outcome.tidied, queueMessages(deps, requestId, "cancelled")]);
      if (queued.status === "rejected") throw queued.reason;
      return outcome.decided;
    }
    if (outcome.unread) throw new RefusalUnreadError(requestId);
    const latest = outcome.refused;
    if (!latest) throw new RequestNotFoundError(requestId);
    if (actorId !== latest.requesterId) {
      throw new NotAuthorizedError({ rule: "requester-only", requesterId: latest.requesterId, action: "cancel" });
    }
    assertWaiting(latest, "cancelled");
    if (attempt >= 3) throw new AlreadyDecidedError(latest);
  }
}

/** The caller's requests that are still waiting, for `/copilot cancel`. */
export async function waitingRequestsOf(requesterId: string, store: RequestStore): Promise<SeatRequest[]> {
  const requests = await store.listByRequester(requesterId, 50);
  return requests.filter((request) => request.state === "PENDING" && request.kind !== "grant");
}

/**
 * `/copilot cancel [github-login]`, in the worker: withdraws the caller's one waiting request (the one for that login,
 * if several). A second delivery finds nothing waiting and says so; the cancellation itself happens once.
 */
export async function cancelWaitingRequest(
  requesterId: string,
  githubLogin: string | undefined,
  deps: WithdrawDependencies,
): Promise<SeatRequest> {
  const waiting = await waitingRequestsOf(requesterId, deps.store);
  const chosen = githubLogin
    ? waiting.filter((request) => request.githubLogin.toLowerCase() === githubLogin.toLowerCase())
    : waiting;
  const [only] = chosen;
  if (!only) throw new SeatBotError({ code: "NOTHING_TO_CANCEL", params: githubLogin ? { githubLogin } : {} });
  if (chosen.length > 1) {
    throw new SeatBotError({ code: "WHICH_REQUEST", params: { githubLogins: chosen.map((r) => r.githubLogin) } });
  }
  return cancelRequest(only.id, requesterId, deps);
}

export interface ForwardDependencies extends WithdrawDependencies {
  directory: SlackDirectory;
}

/**
 * Hands a waiting request to another approver, chosen by its approver or an admin. The new approver must be able to
 * decide it (a full member of the requester's organization, not the requester); their message and the old one's
 * update are the worker's job. A PENDING → PENDING transition, so a second click or a decision racing it loses.
 */
export async function forwardRequest(
  requestId: string,
  actorId: string,
  newApproverId: string,
  deps: ForwardDependencies,
): Promise<SeatRequest> {
  const request = await deps.store.get(requestId);
  if (!request) throw new RequestNotFoundError(requestId);
  // A second delivery of the same forward finds it made: the messages were queued with it.
  const last = request.history.at(-1);
  if (
    request.state === "PENDING" &&
    request.managerId === newApproverId &&
    last?.action === "forwarded" &&
    last.actorId === actorId
  ) {
    return request;
  }
  assertMayDecide(request, actorId, deps.admins);
  assertWaiting(request, "forwarded");
  const checkTarget = (current: SeatRequest) => checkForwardTarget(current, newApproverId);
  checkTarget(request);
  await checkApprover(newApproverId, request.requesterId, deps.directory, "choose-another");
  const forwarded = await transitionOrExplain(
    request,
    deps,
    (current) =>
      deps.store.transition(
        current,
        "PENDING",
        { actorId, action: "forwarded", detail: `${current.managerId} → ${newApproverId}` },
        {
          managerId: newApproverId,
          forwardedFrom: [
            ...(current.forwardedFrom ?? []),
            { managerId: current.managerId, ...(current.managerMessage ? { message: current.managerMessage } : {}) },
          ],
        },
        // On Slack's clock: the job that follows writes the audit items.
        { auditLater: true },
      ),
    (latest) => {
      assertMayDecide(latest, actorId, deps.admins);
      checkTarget(latest);
    },
  );
  deps.counters.count("RequestsForwarded");
  await queueMessages(deps, requestId, "forwarded");
  return forwarded;
}

/** The new approver is neither the requester nor the approver it already waits on: checks that need no lookup. */
function checkForwardTarget(request: SeatRequest, newApproverId: string): void {
  if (newApproverId === request.requesterId) {
    throw new RequestCheckError({ code: "FORWARD_TO_REQUESTER", params: { approverId: newApproverId } });
  }
  if (newApproverId === request.managerId) {
    throw new RequestCheckError({ code: "FORWARD_TO_SAME", params: { approverId: newApproverId } });
  }
}

/**
 * The checks of a forward that need one read and no lookup in Slack's directory, for the form's submission: the
 * actor may forward, the request still waits, and the new approver is someone else. `forwardRequest` (in the worker)
 * makes them again, with the directory's.
 */
export async function checkForward(
  requestId: string,
  actorId: string,
  newApproverId: string,
  deps: Pick<WithdrawDependencies, "store" | "admins">,
): Promise<SeatRequest> {
  const request = await loadForForward(requestId, actorId, deps);
  checkForwardTarget(request, newApproverId);
  return request;
}

/** Checks that the actor may forward before the person picker opens; the forward itself is `forwardRequest`. */
export async function loadForForward(
  requestId: string,
  actorId: string,
  deps: Pick<WithdrawDependencies, "store" | "admins">,
): Promise<SeatRequest> {
  const request = await deps.store.get(requestId);
  if (!request) throw new RequestNotFoundError(requestId);
  assertMayDecide(request, actorId, deps.admins);
  assertWaiting(request, "forwarded");
  return request;
}

function assertWaiting(request: SeatRequest, change: "cancelled" | "forwarded"): void {
  if (request.state === "PENDING") return;
  if (request.state === "VALIDATING") {
    throw new SeatBotError({ code: "STILL_VALIDATING", params: { managerId: request.managerId, change } });
  }
  throw new AlreadyDecidedError(request);
}

/**
 * The change is made against the request as read; if a reminder, an escalation or a forward was recorded meanwhile
 * (it is still waiting), it is made again against the request as it now stands, after `recheck`. A decision, a
 * cancellation or an expiry that came first is explained instead.
 */
async function transitionOrExplain(
  request: SeatRequest,
  deps: WithdrawDependencies,
  change: (current: SeatRequest) => Promise<SeatRequest>,
  recheck: (latest: SeatRequest) => void = () => {},
): Promise<SeatRequest> {
  let current = request;
  for (let attempt = 0; ; attempt++) {
    try {
      return await change(current);
    } catch (error) {
      if (!(error instanceof StaleStateError)) throw error;
      const latest = await deps.store.get(request.id);
      if (!latest) throw new RequestNotFoundError(request.id);
      if (latest.state !== "PENDING" || attempt >= 3) throw new AlreadyDecidedError(latest);
      recheck(latest);
      current = latest;
    }
  }
}

async function queueMessages(
  deps: WithdrawDependencies,
  requestId: string,
  outcome: "cancelled" | "forwarded",
): Promise<void> {
  try {
    await deps.queue.enqueue({ type: "notify-outcome", requestId });
  } catch (error) {
    throw new SeatBotError({ code: "FOLLOW_UP_DELAYED", params: { outcome } }, { cause: error });
  }
}
