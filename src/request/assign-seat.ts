import { GitHubFailure } from "../seat/github-failure.js";
import { type AnnounceDependencies, announceRequest } from "./announce-request.js";
import { RequestNotFoundError } from "./errors.js";
import type { CopilotSeats, RequestStore } from "./ports.js";
import { type SeatRequest, SYSTEM_ACTOR } from "./seat-request.js";

export interface AssignDependencies extends AnnounceDependencies {
  store: RequestStore;
  github: CopilotSeats;
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
    request = await assign(request, options, deps);
  }
  await announceRequest(request, deps);
  return request;
}

async function assign(request: SeatRequest, options: AssignOptions, deps: AssignDependencies): Promise<SeatRequest> {
  try {
    // GitHub counts a refreshed seat as "created" too, so look first: a seat that exists and is not being cancelled
    // means an earlier delivery of this job (or an owner) already assigned it, and POSTing again would change nothing.
    const existing = await deps.github.getSeat(request.githubLogin);
    let detail = "seat already present";
    if (!existing || existing.pendingCancellationDate) {
      const { seatsCreated } = await deps.github.assignSeat(request.githubLogin);
      detail = `seats_created=${seatsCreated}`;
    }
    return await deps.store.transition(request, "ASSIGNED", {
      actorId: SYSTEM_ACTOR,
      action: "assigned",
      detail,
    });
  } catch (error) {
    if (!(error instanceof GitHubFailure)) throw error;
    if (error.retryable && !options.finalAttempt) throw error;
    const message = error.retryable
      ? `GitHub kept failing after several tries (${error.message}). An admin can retry once GitHub is healthy.`
      : error.message;
    return deps.store.transition(
      request,
      "FAILED",
      { actorId: SYSTEM_ACTOR, action: "failed", detail: error.code },
      { failure: { code: error.code, message } },
    );
  }
}
