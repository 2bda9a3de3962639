import { randomUUID } from "node:crypto";
import { SQSClient } from "@aws-sdk/client-sqs";
import { WebClient } from "@slack/web-api";
import type { Config } from "./config/config.js";
import { createDocumentClient } from "./dynamodb/dynamodb-client.js";
import { DynamoDbRequestStore } from "./dynamodb/dynamodb-request-store.js";
import { GitHubCopilotSeats } from "./github/github-copilot-seats.js";
import { createGitHubClient } from "./github/octokit.js";
import { SqsJobQueue } from "./queue/sqs-job-queue.js";
import { adminsFrom } from "./request/authorization.js";
import { type JobQueue, systemClock } from "./request/ports.js";
import { SlackRequestNotifier } from "./slack/slack-request-notifier.js";
import type { SlackServices } from "./slack/slack-services.js";
import { SlackUserDirectory } from "./slack/slack-user-directory.js";
import type { WorkerDependencies } from "./worker/run-job.js";

/**
 * Builds the adapters from configuration. Lambda entry points, the local runner and the tests all come through
 * here, so they run the same code against different endpoints.
 */
export function createRequestStore(config: Config): DynamoDbRequestStore {
  const client = createDocumentClient(config.dynamodb);
  return new DynamoDbRequestStore(client, config.dynamodb.tableName);
}

export function createSqsJobQueue(config: Config): JobQueue {
  if (!config.jobQueueUrl) throw new Error("JOB_QUEUE_URL is not set: the Lambda functions need the SQS queue's URL.");
  // The queue URL names the queue; the endpoint stays the one the SDK resolves (AWS_ENDPOINT_URL_SQS when set).
  const client = new SQSClient({ region: config.dynamodb.region, useQueueUrlAsEndpoint: false });
  return new SqsJobQueue(client, config.jobQueueUrl);
}

export function createSlackServices(
  config: Config,
  queue: JobQueue,
  store = createRequestStore(config),
): SlackServices {
  return {
    store,
    queue,
    clock: systemClock,
    newId: randomUUID,
    admins: adminsFrom(config.adminIds),
    organization: config.github.organization,
  };
}

export function createWorkerDependencies(
  config: Config,
  options: { store?: DynamoDbRequestStore } = {},
): WorkerDependencies {
  const slack = new WebClient(config.slack.botToken, { slackApiUrl: config.slack.apiUrl });
  const octokit = createGitHubClient(config.github);
  return {
    store: options.store ?? createRequestStore(config),
    directory: new SlackUserDirectory(slack),
    github: new GitHubCopilotSeats(octokit, config.github.organization),
    notifier: new SlackRequestNotifier(slack, config.github.organization),
    adminIds: config.adminIds,
    organization: config.github.organization,
  };
}
