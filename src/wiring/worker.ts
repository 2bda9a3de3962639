import { noteSeatChanges, readSubscription, refreshSubscriptionSummary } from "../admin/stored-subscription-summary.js";
import type { Config } from "../config/config.js";
import { InvocationBudget } from "../config/invocation-budget.js";
import { counters, log } from "../config/telemetry.js";
import type { DynamoDbRequestStore } from "../dynamodb/dynamodb-request-store.js";
import { CopilotBilling } from "../github/copilot-billing.js";
import { GitHubCopilotSeats } from "../github/github-copilot-seats.js";
import { createGitHubClient } from "../github/octokit.js";
import { SeatsSeenThisInvocation } from "../github/seats-seen-this-invocation.js";
import type { Delivery } from "../jobs/delivery.js";
import type { JobQueue } from "../jobs/job.js";
import type { WorkerDependencies } from "../jobs/run-job.js";
import { adminsFrom } from "../request/authorization.js";
import { systemClock } from "../request/ports.js";
import { createSlackClient } from "../slack/slack-client.js";
import { SlackHomePublisher } from "../slack/slack-home-publisher.js";
import { SlackJobReplies } from "../slack/slack-job-replies.js";
import { SlackRequestNotifier } from "../slack/slack-request-notifier.js";
import { SlackUserDirectory } from "../slack/slack-user-directory.js";
import { createIdentityLinks, createRequesterLoginPolicy } from "./identity.js";
import { createReclaimDependencies } from "./reclaim-worker.js";
import { createSqsJobQueue } from "./slack-events.js";
import { createAuditLog, createPersonalUsage, createRequestStore, createSubscriptionSummaryStore } from "./storage.js";

/**
 * What the worker keeps of its time after GitHub gave up: enough to record the outcome and send the messages about
 * it (a few DynamoDB writes and Slack calls, each with its own deadline), so a hung GitHub never takes the whole
 * invocation and the last delivery can still close the request.
 */
export const KEEP_FOR_OUTCOME_MS = 15_000;

export function createWorkerDependencies(
  config: Config,
  /** `queue`: where the worker queues follow-up jobs (a reclaim round's batches); SQS when absent. */
  options: { store?: DynamoDbRequestStore; budget?: InvocationBudget; queue?: JobQueue } = {},
): WorkerDependencies {
  const budget = options.budget ?? new InvocationBudget();
  const slack = createSlackClient(config.slack, log);
  const octokit = createGitHubClient(
    { ...config.github, remainingMs: () => budget.remainingMs(KEEP_FOR_OUTCOME_MS) },
    log,
    counters,
  );
  const organization = config.github.organization;
  const store = options.store ?? createRequestStore(config);
  const seatsSeen = new SeatsSeenThisInvocation(new GitHubCopilotSeats(octokit, organization), () => budget.invocation);
  const summaries = createSubscriptionSummaryStore(config);
  const github = noteSeatChanges(seatsSeen.recording, { summaries, clock: systemClock, log });
  const billing = new CopilotBilling(octokit, organization);
  // Where an admin view queues a new listing when none is stored or it is due (the sweep does too).
  const queue = options.queue ?? (config.jobQueueUrl ? createSqsJobQueue(config) : undefined);
  // Admin views read the stored summary and the subscription's counts (one GitHub call), never every seat.
  const getSubscriptionWith = (counts: "fresh" | "stored") => () =>
    readSubscription(
      {
        source: billing,
        summaries,
        clock: systemClock,
        log,
        requestRefresh: () => (queue ? queue.enqueue({ type: "refresh-subscription-summary" }) : Promise.resolve()),
      },
      { counts },
    );
  const getSubscription = getSubscriptionWith("fresh");
  const refreshSummary = (delivery: Delivery) =>
    refreshSubscriptionSummary({ source: billing, summaries, clock: systemClock, log }, delivery);
  const home = new SlackHomePublisher(slack, organization, {
    store,
    admins: adminsFrom(config.adminIds),
    getSeat: (login) => seatsSeen.seatFor(login),
    getSubscription: getSubscriptionWith("stored"),
    personalUsage: createPersonalUsage(config),
    identity: {
      links: createIdentityLinks(config),
      requireProvenLogin: config.requireProvenLogin ?? false,
      canConnect: config.signIn !== undefined,
    },
  });
  const worker = {
    store,
    directory: new SlackUserDirectory(slack),
    github,
    notifier: new SlackRequestNotifier(slack, organization),
    audit: createAuditLog(config),
    clock: systemClock,
    log,
    counters,
    adminIds: config.adminIds,
    organization,
    replies: new SlackJobReplies(slack, organization),
    getSubscription,
    refreshSubscriptionSummary: refreshSummary,
    publishHome: (userId: string) => home.publish(userId),
    identity: createRequesterLoginPolicy(config),
    // The actions a click hands over whole (cancel, retry, extend, forward) queue their follow-up jobs here.
    ...(queue ? { queue } : {}),
  };
  return {
    ...worker,
    ...(queue
      ? {
          reclaim: createReclaimDependencies(config, {
            worker,
            octokit,
            billing,
            slack,
            queue,
            remainingMs: () => budget.remainingMs(),
          }),
        }
      : {}),
  };
}
