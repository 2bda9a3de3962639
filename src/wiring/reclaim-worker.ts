import type { WebClient } from "@slack/web-api";
import { revokeSeat } from "../admin/revoke-seat.js";
import type { Config } from "../config/config.js";
import { counters, log } from "../config/telemetry.js";
import type { CopilotBilling } from "../github/copilot-billing.js";
import { listTeamMembers } from "../github/github-team-members.js";
import type { GitHubClient } from "../github/octokit.js";
import type { JobQueue } from "../jobs/job.js";
import type { WorkerDependencies } from "../jobs/run-job.js";
import type { ReclaimDependencies } from "../reclaim/ports.js";
import { SYSTEM_ACTOR } from "../request/seat-request.js";
import { cancellationOf, releaseOwnSeat } from "../request/seat-term.js";
import { SlackReclaimNotifier } from "../slack/slack-reclaim-notifier.js";
import { createIdentityLinks } from "./identity.js";
import { createReclaimStore, reclaimPolicyOf } from "./reclaim.js";

/** How many time-bound seats the round looks at; far more than any organization hands out for a term. */
const TIME_BOUND_LIMIT = 5000;

/** The worker's part: GitHub to list and re-read seats, Slack to ask and tell, the seat terms' cancellation path. */
export function createReclaimDependencies(
  config: Config,
  parts: {
    worker: Omit<WorkerDependencies, "reclaim">;
    octokit: GitHubClient;
    billing: CopilotBilling;
    slack: WebClient;
    queue: JobQueue;
    remainingMs?: () => number;
  },
): ReclaimDependencies {
  const { worker, octokit, billing } = parts;
  const links = createIdentityLinks(config);
  return {
    store: createReclaimStore(config),
    github: {
      listAllSeats: () => billing.listAllSeats(),
      getSeat: (login) => worker.github.getSeat(login),
      teamMembers: (slug) => listTeamMembers(octokit, config.github.organization, slug),
      subscriptionPlan: async () => (await billing.getBilling()).planType,
    },
    notifier: new SlackReclaimNotifier(parts.slack),
    queue: parts.queue,
    ...(parts.remainingMs ? { remainingMs: parts.remainingMs } : {}),
    clock: worker.clock,
    log,
    counters,
    policy: reclaimPolicyOf(config),
    adminIds: config.adminIds,
    slackUserOf: async (login) => (await links.linkOfLogin(login))?.slackUserId,
    timeBoundLogins: async () => {
      const markers = await worker.store.listSeatEnds("9999-12-31T23:59:59.999Z", TIME_BOUND_LIMIT);
      const requests = await Promise.all(markers.map((marker) => worker.store.get(marker.requestId)));
      return new Set(
        requests
          .filter((r) => r?.state === "ASSIGNED" || r?.state === "ENDING")
          .map((r) => (r?.githubLogin ?? "").toLowerCase()),
      );
    },
    cancelSeat: async (login, actorId, reason) =>
      reason === "released"
        ? releaseOwnSeat(login, actorId, worker)
        : cancellationOf(await revokeSeat(login, SYSTEM_ACTOR, worker, "seat-reclaimed")),
  };
}
