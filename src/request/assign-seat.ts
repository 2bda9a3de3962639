import { GitHubFailure, problemLogLine } from "../seat/github-failure.js";
import { type AnnounceDependencies, announceRequest } from "./announce-request.js";
import { type Problem, RequestNotFoundError, StepInProgressError } from "./errors.js";
import type { Clock, CopilotSeats, RequestStore } from "./ports.js";
import { type SeatRequest, SYSTEM_ACTOR } from "./seat-request.js";
import { addTerm, extendOriginalSeat, isTimeBound } from "./seat-term.js";

export interface AssignDependencies extends AnnounceDependencies {
  store: RequestStore;
  github: CopilotSeats;
  clock: Clock;
}

export interface AssignOptions {
  /** The queue will not deliver this job again: a retryable failure must now end the request instead of rethrowing. */
  finalAttempt: boolean;
}

/**
 * Assigns the seat for an APPROVED request and records the outcome. A redelivered job for a request that already
 * moved on only repeats the announcements (which are themselves sent once).
 */
export async function assignApprovedSeat(
  requestId: string,
  options: AssignOptions,
  deps: AssignDependencies,
): Promise<SeatRequest> {
  let request = await deps.store.get(requestId);
  if (!request) throw new RequestNotFoundError(requestId);
  if (request.state === "APPROVED") {
    await showAssigning(request, deps);
    request = await assign(request, options, deps);
  }
  await announceRequest(request, deps);
  return request;
}

/** The manager sees the approval taken at once; a failed redraw only delays that until the outcome is drawn. */
async function showAssigning(request: SeatRequest, deps: AssignDependencies): Promise<void> {
  try {
    await deps.notifier.updateManagerMessage(request);
  } catch (error) {
    deps.log.warn("Could not show the approval in the manager's message", { requestId: request.id, error });
  }
}

/**
 * How long one delivery may hold the right to call GitHub for an attempt: longer than the worker's own time limit, so
 * concurrent deliveries of the same job never both POST, and a crashed one's claim runs out for the next.
 */
export const GITHUB_CALL_LEASE_SECONDS = 90;

async function assign(request: SeatRequest, options: AssignOptions, deps: AssignDependencies): Promise<SeatRequest> {
  if (request.kind === "extension") {
    // The seat exists: an extension moves its end. Only if the original seat ended meanwhile is a seat assigned anew.
    let extended: SeatRequest | undefined;
    try {
      extended = await extendOriginalSeat(request, deps);
    } catch (error) {
      if (!(error instanceof GitHubFailure)) throw error;
      return failedAssignment(request, error, options, deps);
    }
    if (extended) {
      deps.counters.count("SeatsExtended");
      return extended;
    }
  }
  // GitHub is called once per intent: a second delivery of the same job waits for the first instead of posting too.
  const step = `github:assign:${request.attempt}`;
  const claim = await deps.store.claimStep(request.id, step, GITHUB_CALL_LEASE_SECONDS);
  if (claim === "busy") throw new StepInProgressError(request.id, step);
  try {
    // GitHub counts a refreshed seat as "created" too, so look first: a seat that exists and is not being cancelled
    // means an earlier delivery of this job (or an owner) already assigned it, and POSTing again would change nothing.
    const existing = await deps.github.getSeat(request.githubLogin);
    let detail = "seat already present";
    if (!existing || existing.pendingCancellationDate) {
      const { seatsCreated } = await deps.github.assignSeat(request.githubLogin);
      detail = `seats_created=${seatsCreated}`;
    }
    // A time-bound seat's end is marked for the sweep before the state that sets it (see `scheduleSeatEnd`).
    const seatEndsAt = isTimeBound(request) ? addTerm(deps.clock.now(), request.seatDuration) : undefined;
    if (seatEndsAt) await deps.store.scheduleSeatEnd(request.id, seatEndsAt);
    const assigned = await deps.store.transition(
      request,
      "ASSIGNED",
      { actorId: SYSTEM_ACTOR, action: "assigned", detail },
      seatEndsAt ? { seatEndsAt } : {},
    );
    deps.counters.count("SeatsAssigned");
    return assigned;
  } catch (error) {
    if (!(error instanceof GitHubFailure)) throw error;
    // Let the next delivery call GitHub at once instead of waiting for this lease to run out.
    await deps.store.releaseStep(request.id, step).catch(() => {});
    return failedAssignment(request, error, options, deps);
  }
}

/** GitHub failed the assignment: thrown again for the next delivery while that can help, else the request FAILED. */
async function failedAssignment(
  request: SeatRequest,
  error: GitHubFailure,
  options: AssignOptions,
  deps: AssignDependencies,
): Promise<SeatRequest> {
  if (error.retryable && !options.finalAttempt) throw error;
  const problem: Problem = error.retryable
    ? { code: "GITHUB_KEPT_FAILING", params: { failure: error.problem } }
    : error.problem;
  deps.counters.count("AssignmentsFailed");
  deps.counters.count("AssignmentsFailedByCode", { code: error.code });
  return deps.store.transition(
    request,
    "FAILED",
    { actorId: SYSTEM_ACTOR, action: "failed", detail: error.code },
    { failure: { code: error.code, message: problemLogLine(problem), problem } },
  );
}
