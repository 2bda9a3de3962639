import { type AnnounceDependencies, announceRequest } from "../request/announce-request.js";
import { assignApprovedSeat } from "../request/assign-seat.js";
import { RequestNotFoundError } from "../request/errors.js";
import type { CopilotSeats, Job, RequestStore, SlackDirectory } from "../request/ports.js";
import { validateSeatRequest } from "../request/validate-request.js";
import { GitHubFailure } from "../seat/github-failure.js";
import { seatMessage } from "../slack/blocks/seat-message.js";
import { textMessage } from "../slack/blocks/slack-message.js";
import { respondEphemeral } from "../slack/response-url.js";

export interface WorkerDependencies extends AnnounceDependencies {
  store: RequestStore;
  directory: SlackDirectory;
  github: CopilotSeats;
  organization: string;
}

/** The worker's one entry: every job the acknowledgement path queued ends up here. */
export function createJobRunner(deps: WorkerDependencies) {
  return async (job: Job, delivery: { finalAttempt: boolean }): Promise<void> => {
    switch (job.type) {
      case "validate-request":
        await validateSeatRequest(job.requestId, deps);
        return;
      case "assign-seat":
        await assignApprovedSeat(job.requestId, delivery, deps);
        return;
      case "notify-outcome": {
        const request = await deps.store.get(job.requestId);
        if (!request) throw new RequestNotFoundError(job.requestId);
        await announceRequest(request, deps);
        return;
      }
      case "lookup-seat":
        await lookUpSeat(job, delivery, deps);
        return;
    }
  };
}

async function lookUpSeat(
  job: Extract<Job, { type: "lookup-seat" }>,
  delivery: { finalAttempt: boolean },
  deps: WorkerDependencies,
): Promise<void> {
  try {
    const seat = await deps.github.getSeat(job.githubLogin);
    await respondEphemeral(job.responseUrl, seatMessage(job.githubLogin, seat, deps.organization));
  } catch (error) {
    if (!(error instanceof GitHubFailure) || (error.retryable && !delivery.finalAttempt)) throw error;
    await respondEphemeral(
      job.responseUrl,
      textMessage(`:warning: I couldn't look up \`${job.githubLogin}\`: ${error.message}`),
    );
  }
}
