import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { StoredSubscriptionSummary, SubscriptionSummaryStore } from "../admin/stored-subscription-summary.js";
import type { SubscriptionSummary } from "../admin/subscription-summary.js";
import type { CopilotSeat } from "../seat/copilot-seat.js";
import { isConditionFailure } from "./dynamodb-conventions.js";
import { ITEM_KEYS } from "./table-schema.js";

const isString = (value: unknown): value is string => typeof value === "string";
const isCount = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function seatOf(value: unknown): CopilotSeat | undefined {
  if (!isRecord(value) || !isString(value.login) || !isString(value.createdAt)) return undefined;
  return {
    login: value.login,
    createdAt: value.createdAt,
    ...(isString(value.lastActivityAt) ? { lastActivityAt: value.lastActivityAt } : {}),
    ...(isString(value.assigningTeam) ? { assigningTeam: value.assigningTeam } : {}),
  };
}

const BREAKDOWN_FIELDS = [
  "total",
  "addedThisCycle",
  "pendingInvitation",
  "pendingCancellation",
  "activeThisCycle",
  "inactiveThisCycle",
] as const;

/** The stored summary read back by shape: one that does not parse is read as none, and the next listing replaces it. */
function summaryOf(text: unknown): SubscriptionSummary | undefined {
  if (!isString(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || !isString(value.seatManagementSetting) || !isRecord(value.seatBreakdown)) return undefined;
  const breakdown = value.seatBreakdown;
  if (!BREAKDOWN_FIELDS.every((field) => isCount(breakdown[field]))) return undefined;
  if (!Array.isArray(value.longestInactive)) return undefined;
  const seats = value.longestInactive.map(seatOf);
  if (seats.some((seat) => seat === undefined)) return undefined;
  const policies = isRecord(value.policies)
    ? Object.fromEntries(
        Object.entries(value.policies).filter((entry): entry is [string, string] => isString(entry[1])),
      )
    : undefined;
  return {
    seatManagementSetting: value.seatManagementSetting,
    seatBreakdown: Object.fromEntries(
      BREAKDOWN_FIELDS.map((field) => [field, breakdown[field]]),
    ) as SubscriptionSummary["seatBreakdown"],
    ...(isString(value.planType) ? { planType: value.planType } : {}),
    ...(policies ? { policies } : {}),
    perPersonSeatsPossible: value.seatManagementSetting === "assign_selected",
    longestInactive: seats as CopilotSeat[],
  };
}

/**
 * The stored Copilot subscription summary: one item, `SUBSCRIPTION` / `SUMMARY`, a few kilobytes (the counts, the
 * settings and ten seats). Every write is conditional on time, so writers never need to agree on an order: a listing
 * is stored only over an older one, a seat change is noted only over an earlier one, and a refresh is claimed only
 * when no other claim holds. The item is a copy of GitHub's state, not a decision: the seat changes that make it
 * stale are in the audit trail, the copy is not.
 */
export class DynamoDbSubscriptionSummary implements SubscriptionSummaryStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async read(): Promise<StoredSubscriptionSummary | undefined> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: ITEM_KEYS.subscriptionSummary, ConsistentRead: true }),
    );
    if (!item) return undefined;
    const summary = summaryOf(item.summary);
    return {
      ...(summary && isString(item.listedAt) ? { summary, listedAt: item.listedAt } : {}),
      ...(isString(item.seatsChangedAt) ? { seatsChangedAt: item.seatsChangedAt } : {}),
      ...(isString(item.refreshingUntil) ? { refreshingUntil: item.refreshingUntil } : {}),
    };
  }

  async store(summary: SubscriptionSummary, listedAt: string): Promise<boolean> {
    const { inactiveListing: _shownOnly, perPersonSeatsPossible: _derived, ...kept } = summary;
    return this.conditionally(
      new UpdateCommand({
        TableName: this.tableName,
        Key: ITEM_KEYS.subscriptionSummary,
        // The refresh's claim is given back by its own holder (`releaseRefresh`): a later run may hold it now.
        UpdateExpression: "SET #summary = :summary, listedAt = :listedAt",
        // ISO times in UTC compare as strings.
        ConditionExpression: "attribute_not_exists(listedAt) OR listedAt < :listedAt",
        ExpressionAttributeNames: { "#summary": "summary" },
        ExpressionAttributeValues: { ":summary": JSON.stringify(kept), ":listedAt": listedAt },
      }),
    );
  }

  async noteSeatsChanged(at: string): Promise<void> {
    await this.conditionally(
      new UpdateCommand({
        TableName: this.tableName,
        Key: ITEM_KEYS.subscriptionSummary,
        UpdateExpression: "SET seatsChangedAt = :at",
        ConditionExpression: "attribute_not_exists(seatsChangedAt) OR seatsChangedAt < :at",
        ExpressionAttributeValues: { ":at": at },
      }),
    );
  }

  async claimRefresh(now: string, until: string): Promise<boolean> {
    return this.conditionally(
      new UpdateCommand({
        TableName: this.tableName,
        Key: ITEM_KEYS.subscriptionSummary,
        UpdateExpression: "SET refreshingUntil = :until",
        ConditionExpression: "attribute_not_exists(refreshingUntil) OR refreshingUntil <= :now",
        ExpressionAttributeValues: { ":until": until, ":now": now },
      }),
    );
  }

  async releaseRefresh(until: string): Promise<void> {
    await this.conditionally(
      new UpdateCommand({
        TableName: this.tableName,
        Key: ITEM_KEYS.subscriptionSummary,
        UpdateExpression: "REMOVE refreshingUntil",
        ConditionExpression: "refreshingUntil = :until",
        ExpressionAttributeValues: { ":until": until },
      }),
    );
  }

  /** A lost condition is an answer (someone newer wrote first), not a failure. */
  private async conditionally(command: UpdateCommand): Promise<boolean> {
    try {
      await this.client.send(command);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
