import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Config } from "../config/config.js";
import { log } from "../config/telemetry.js";
import { createDocumentClient } from "../dynamodb/dynamodb-client.js";
import { DynamoDbReclaimStore } from "../dynamodb/dynamodb-reclaim-store.js";
import type { JobQueue } from "../jobs/job.js";
import { DEFAULT_RECLAIM_POLICY, type ReclaimPolicy } from "../reclaim/policy.js";
import type { ReclaimSweepDependencies } from "../reclaim/round.js";
import { type Clock, systemClock } from "../request/ports.js";

/** Light enough for the Slack-facing bundle: the store and the policy (Keep, Release, `/copilot reclaim`). */
export function createReclaimStore(
  config: Config,
  clock: Clock = systemClock,
  client: DynamoDBDocumentClient = createDocumentClient(config.dynamodb),
): DynamoDbReclaimStore {
  return new DynamoDbReclaimStore(client, config.dynamodb.tableName, clock);
}

export function reclaimPolicyOf(config: Config): ReclaimPolicy {
  return config.reclaim ?? DEFAULT_RECLAIM_POLICY;
}

/** The maintenance sweep's part of reclaiming: DynamoDB and the queue only. */
export function createReclaimSweep(config: Config, queue: JobQueue): ReclaimSweepDependencies {
  return { store: createReclaimStore(config), queue, clock: systemClock, log, policy: reclaimPolicyOf(config) };
}
