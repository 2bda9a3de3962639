import { BatchWriteCommand, type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { mapWithConcurrency } from "../bounded-concurrency.js";
import {
  PERSONAL_SUMMARY_DAYS,
  type PersonalSummary,
  type PersonalUsageReader,
  type PersonalUsageStore,
} from "../digest/personal-usage.js";
import { personalUsageKey } from "./usage-keys.js";

/** DynamoDB takes at most 25 items per BatchWriteItem. */
const BATCH = 25;
/** Batches in flight at once: fast enough for 50,000 people in well under a minute, gentle on on-demand capacity. */
const IN_FLIGHT = 4;
const RETRIES = 6;

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
const number = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : undefined);

/** Read back field by field: an item in the table is never trusted as a shape. */
function toSummary(item: Record<string, unknown>): PersonalSummary | undefined {
  const range = item.range as { first?: unknown; last?: unknown } | undefined;
  if (typeof item.login !== "string" || typeof item.lastActiveDay !== "string") return undefined;
  const completions = item.completions as { suggested?: unknown; accepted?: unknown } | undefined;
  const summary: PersonalSummary = {
    login: item.login,
    range: { first: String(range?.first ?? ""), last: String(range?.last ?? "") },
    activeDays: number(item.activeDays) ?? 0,
    lastActiveDay: item.lastActiveDay,
    features: strings(item.features),
    ides: strings(item.ides),
    completions: { suggested: number(completions?.suggested) ?? 0, accepted: number(completions?.accepted) ?? 0 },
    usedChat: item.usedChat === true,
    usedAgent: item.usedAgent === true,
    usedCli: item.usedCli === true,
    storedAt: typeof item.storedAt === "string" ? item.storedAt : "",
  };
  const rate = number(item.acceptanceRate);
  if (rate !== undefined) summary.acceptanceRate = rate;
  const credits = number(item.aiCredits);
  if (credits !== undefined) summary.aiCredits = credits;
  return summary;
}

/**
 * Each person's 28-day summary, one small item per GitHub login (`USAGE#person:<login>` / `LAST28`), replaced by
 * every digest run and expiring through the table's TTL (`expiresAt`) 35 days after it was written, so a person who
 * left the report disappears on their own.
 *
 * Sizing: 50,000 people are 2,000 BatchWriteItem calls of 25 items, 4 at a time; each item is well under 1 KB, so a
 * run costs 50,000 write request units (about $0.03 on demand at $0.625 per million) and the items take about 25 MB.
 * Items DynamoDB leaves unprocessed (throttling) are retried with backoff; what is still left after that fails
 * the run, rather than silently keeping last week's summary for some people.
 */
export class DynamoDbPersonalUsage implements PersonalUsageStore, PersonalUsageReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    private readonly now: () => Date = () => new Date(),
  ) {}

  async saveSummaries(summaries: readonly PersonalSummary[]): Promise<void> {
    const batches: PersonalSummary[][] = [];
    for (let i = 0; i < summaries.length; i += BATCH) batches.push(summaries.slice(i, i + BATCH));
    await mapWithConcurrency(batches, IN_FLIGHT, (batch) => this.write(batch));
  }

  async summaryOf(login: string): Promise<PersonalSummary | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: personalUsageKey(login) }),
    );
    if (!Item) return undefined;
    // DynamoDB deletes expired items lazily: an expired summary still in the table is not shown.
    if (typeof Item.expiresAt === "number" && Item.expiresAt * 1000 < this.now().getTime()) return undefined;
    return toSummary(Item);
  }

  private async write(batch: readonly PersonalSummary[]): Promise<void> {
    let requests = batch.map((summary) => ({
      PutRequest: {
        Item: {
          ...personalUsageKey(summary.login),
          type: "personal-usage",
          ...summary,
          expiresAt: Math.floor(Date.parse(summary.storedAt) / 1000) + PERSONAL_SUMMARY_DAYS * 86_400,
        },
      },
    }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > RETRIES) {
        throw new Error(
          `DynamoDB left ${requests.length} personal usage summaries unwritten after ${RETRIES} retries.`,
        );
      }
      if (attempt > 0) await this.sleep(Math.min(2000, 50 * 2 ** attempt));
      const { UnprocessedItems } = await this.client.send(
        new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
      );
      requests = (UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
    }
  }
}
