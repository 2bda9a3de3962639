import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { MetricsSourceName, UsageScope } from "../digest/usage.js";
import { METRICS_SOURCES } from "../digest/usage.js";
import { type StoredWeek, scopeKey, type UsageHistory } from "../digest/usage-history.js";
import { usageWeekKey } from "./usage-keys.js";

const weekKey = (scope: UsageScope, weekEnding: string) => usageWeekKey(scopeKey(scope), weekEnding);

const FIELDS = [
  "weeklyActiveUsers",
  "dailyActiveUsers",
  "completionsSuggested",
  "completionsAccepted",
  "linesAdded",
  "aiCredits",
] as const;

/** An item read back from the table, checked field by field: anything else in the table is never trusted blindly. */
function toStoredWeek(item: Record<string, unknown>): StoredWeek | undefined {
  const weekEnding = typeof item.weekEnding === "string" ? item.weekEnding : undefined;
  const source = METRICS_SOURCES.find((s) => s === item.source) as MetricsSourceName | undefined;
  if (!weekEnding || !source) return undefined;
  const number = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : undefined);
  const week: StoredWeek = {
    weekEnding,
    source,
    dailyActiveUsers: number(item.dailyActiveUsers) ?? 0,
    completionsSuggested: number(item.completionsSuggested) ?? 0,
    completionsAccepted: number(item.completionsAccepted) ?? 0,
    linesAdded: number(item.linesAdded) ?? 0,
    storedAt: typeof item.storedAt === "string" ? item.storedAt : "",
  };
  const weekly = number(item.weeklyActiveUsers);
  if (weekly !== undefined) week.weeklyActiveUsers = weekly;
  const credits = number(item.aiCredits);
  if (credits !== undefined) week.aiCredits = credits;
  return week;
}

/**
 * The digest's weekly figures per scope: one item per scope and week, `USAGE#<scope>` / `WEEK#<YYYY-MM-DD>`. Week
 * keys sort by date, so "the last 12 weeks" is one Query read backwards from the week asked for. Items are small
 * (under 1 KB) and kept for good: a year of weekly digests for the organization and 20 teams is about 1,100 items.
 */
export class DynamoDbUsageHistory implements UsageHistory {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordWeek(scope: UsageScope, week: StoredWeek): Promise<void> {
    const item: Record<string, unknown> = {
      ...weekKey(scope, week.weekEnding),
      type: "usage-week",
      scope: scopeKey(scope),
      weekEnding: week.weekEnding,
      source: week.source,
      storedAt: week.storedAt,
    };
    for (const field of FIELDS) if (week[field] !== undefined) item[field] = week[field];
    // A plain put: a later run for the same week (a retry, or a rerun after GitHub settled the figures) replaces it.
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }

  async recentWeeks(scope: UsageScope, count: number, lastWeekEnding?: string): Promise<StoredWeek[]> {
    const { pk } = weekKey(scope, "");
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: lastWeekEnding
          ? "pk = :pk AND sk BETWEEN :first AND :last"
          : "pk = :pk AND begins_with(sk, :first)",
        ExpressionAttributeValues: {
          ":pk": pk,
          ":first": "WEEK#",
          ...(lastWeekEnding ? { ":last": `WEEK#${lastWeekEnding}` } : {}),
        },
        ScanIndexForward: false,
        Limit: count,
      }),
    );
    return Items.map(toStoredWeek)
      .filter((week): week is StoredWeek => week !== undefined)
      .reverse();
  }
}
