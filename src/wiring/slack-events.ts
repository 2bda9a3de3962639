import { randomUUID } from "node:crypto";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { Config } from "../config/config.js";
import { counters, log } from "../config/telemetry.js";
import { SqsJobQueue } from "../queue/sqs-job-queue.js";
import { adminsFrom } from "../request/authorization.js";
import { type JobQueue, systemClock } from "../request/ports.js";
import type { SlackServices } from "../slack/slack-services.js";
import { createIdentityServices } from "./identity.js";
import { createReclaimStore, reclaimPolicyOf } from "./reclaim.js";
import { createAuditLog, createPersonalUsage, createRequestStore, createUsageHistory } from "./storage.js";

export function createSqsJobQueue(config: Config): JobQueue {
  if (!config.jobQueueUrl) throw new Error("JOB_QUEUE_URL is not set: the Lambda functions need the SQS queue's URL.");
  // The queue URL names the queue; the endpoint stays the one the SDK resolves (AWS_ENDPOINT_URL_SQS when set).
  // A send that takes more than a second is stuck; two tries still leave room in Slack's 3 seconds.
  const client = new SQSClient({
    region: config.dynamodb.region,
    useQueueUrlAsEndpoint: false,
    maxAttempts: 2,
    requestHandler: { requestTimeout: 1000, connectionTimeout: 500, throwOnRequestTimeout: true },
  });
  return new SqsJobQueue(client, config.jobQueueUrl);
}

export function createSlackServices(
  config: Config,
  queue: JobQueue,
  store = createRequestStore(config),
): SlackServices {
  const audit = createAuditLog(config);
  return {
    store,
    queue,
    audit,
    once: audit,
    clock: systemClock,
    newId: randomUUID,
    admins: adminsFrom(config.adminIds),
    organization: config.github.organization,
    log,
    counters,
    usageHistory: createUsageHistory(config),
    seatTerms: {
      durations: config.lifecycle.seatDurations,
      defaultDuration: config.lifecycle.defaultSeatDuration,
    },
    personalUsage: createPersonalUsage(config),
    identity: createIdentityServices(config),
    reclaim: { store: createReclaimStore(config), policy: reclaimPolicyOf(config) },
  };
}
