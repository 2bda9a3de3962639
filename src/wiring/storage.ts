import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Config } from "../config/config.js";
import { DynamoDbAuditLog } from "../dynamodb/dynamodb-audit-log.js";
import { createDocumentClient } from "../dynamodb/dynamodb-client.js";
import { DynamoDbPersonalUsage } from "../dynamodb/dynamodb-personal-usage.js";
import { DynamoDbRequestStore } from "../dynamodb/dynamodb-request-store.js";
import { DynamoDbSubscriptionSummary } from "../dynamodb/dynamodb-subscription-summary.js";
import { DynamoDbUsageHistory } from "../dynamodb/dynamodb-usage-history.js";

/**
 * Composition of the adapters from configuration, one module per kind of function so that each bundle contains only
 * what its entry point needs (the Slack-facing function must not load Octokit). Lambda entry points, the local
 * runners and the tests all come through here, so they run the same code against different endpoints.
 */
export function createRequestStore(
  config: Config,
  client: DynamoDBDocumentClient = createDocumentClient(config.dynamodb),
): DynamoDbRequestStore {
  return new DynamoDbRequestStore(client, config.dynamodb.tableName);
}

export function createAuditLog(
  config: Config,
  client: DynamoDBDocumentClient = createDocumentClient(config.dynamodb),
): DynamoDbAuditLog {
  return new DynamoDbAuditLog(client, config.dynamodb.tableName);
}

/** The digest's stored weeks: written by the digest, read by `/copilot usage`. */
export function createUsageHistory(
  config: Config,
  client: DynamoDBDocumentClient = createDocumentClient(config.dynamodb),
): DynamoDbUsageHistory {
  return new DynamoDbUsageHistory(client, config.dynamodb.tableName);
}

/** Each person's 28-day summary: written by the digest, read for `/copilot seat` and the Home tab. */
export function createPersonalUsage(
  config: Config,
  client: DynamoDBDocumentClient = createDocumentClient(config.dynamodb),
): DynamoDbPersonalUsage {
  return new DynamoDbPersonalUsage(client, config.dynamodb.tableName);
}

/** The stored Copilot subscription summary: written by the worker, read by admin views and the maintenance sweep. */
export function createSubscriptionSummaryStore(config: Config): DynamoDbSubscriptionSummary {
  return new DynamoDbSubscriptionSummary(createDocumentClient(config.dynamodb), config.dynamodb.tableName);
}
