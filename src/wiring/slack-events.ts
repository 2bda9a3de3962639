import { randomUUID } from "node:crypto";
import { SQSClient } from "@aws-sdk/client-sqs";
import { awsClientSettings, type TimeLeft } from "../aws/aws-client-settings.js";
import type { Config } from "../config/config.js";
import { counters, log } from "../config/telemetry.js";
import { createDocumentClient } from "../dynamodb/dynamodb-client.js";
import { SqsJobQueue } from "../queue/sqs-job-queue.js";
import { adminsFrom } from "../request/authorization.js";
import { type JobQueue, type RequestStore, systemClock } from "../request/ports.js";
import type { SlackServices } from "../slack/slack-services.js";
import { createIdentityServices } from "./identity.js";
import { createReclaimStore, reclaimPolicyOf } from "./reclaim.js";
import { createAuditLog, createPersonalUsage, createRequestStore, createUsageHistory } from "./storage.js";

/**
 * How long the AWS calls of one Slack-facing invocation may take together. Slack gives up on an acknowledgement after
 * 3 seconds, counted from before API Gateway and, in a cold container, before the code has loaded; the last second is
 * left for those and for the answer's way back. The calls to Slack an acknowledgement may make after its AWS calls
 * (opening a form; the answer `answerPrivately` sends itself when the queue is down) have deadlines of their own, of
 * 1–2 s: when the queue and Slack both stall, Slack may give up first, and that answer still arrives later.
 */
export const ACKNOWLEDGEMENT_BUDGET_MS = 2000;

/** With `timeLeft`, the sends share the invocation's time (the Slack-facing function's queue). */
export function createSqsJobQueue(config: Config, timeLeft?: TimeLeft): JobQueue {
  if (!config.jobQueueUrl) throw new Error("JOB_QUEUE_URL is not set: the Lambda functions need the SQS queue's URL.");
  // The queue URL names the queue; the endpoint stays the one the SDK resolves (AWS_ENDPOINT_URL_SQS when set).
  const client = new SQSClient({
    region: config.dynamodb.region,
    useQueueUrlAsEndpoint: false,
    ...awsClientSettings(timeLeft),
  });
  return new SqsJobQueue(client, config.jobQueueUrl);
}

/**
 * The listeners' services, on one DynamoDB client (one pool of connections for a container). With `timeLeft`, its
 * calls share the invocation's time, so that an acknowledgement is answered within Slack's 3 seconds even when
 * DynamoDB does not answer: see `ACKNOWLEDGEMENT_BUDGET_MS`.
 */
export function createSlackServices(
  config: Config,
  queue: JobQueue,
  options: { store?: RequestStore; timeLeft?: TimeLeft } = {},
): SlackServices {
  const dynamodb = createDocumentClient(config.dynamodb, options.timeLeft);
  const audit = createAuditLog(config, dynamodb);
  return {
    store: options.store ?? createRequestStore(config, dynamodb),
    queue,
    audit,
    once: audit,
    clock: systemClock,
    newId: randomUUID,
    admins: adminsFrom(config.adminIds),
    organization: config.github.organization,
    log,
    counters,
    usageHistory: createUsageHistory(config, dynamodb),
    seatTerms: {
      durations: config.lifecycle.seatDurations,
      defaultDuration: config.lifecycle.defaultSeatDuration,
    },
    personalUsage: createPersonalUsage(config, dynamodb),
    identity: createIdentityServices(config, dynamodb),
    reclaim: { store: createReclaimStore(config, systemClock, dynamodb), policy: reclaimPolicyOf(config) },
  };
}
