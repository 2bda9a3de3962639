import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { RequestOutcome, RequestStatistics, SeatTermFigures } from "../digest/request-figures.js";
import { REQUEST_STATES } from "../request/seat-request.js";
import { ITEM_KEYS } from "./table-schema.js";

const WEEK_MS = 7 * 24 * 60 * 60_000;

/**
 * The digest's request figures from the bot's table: for each state, one Query on the by-state index (`gsi3`,
 * partition `STATE#<state>`, sort key `<createdAt>#<id>`) over the week's range of creation times. A handful of
 * Queries that read only the week's requests, instead of a Scan of the whole table.
 */
export class DynamoDbRequestStatistics implements RequestStatistics {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async requestsFiled(from: string, until: string): Promise<RequestOutcome[]> {
    const perState = await Promise.all(REQUEST_STATES.map((state) => this.inState(state, from, until)));
    return perState.flat();
  }

  /**
   * Two counting Queries: the seat-end markers (`gsi3`, `SEAT_ENDS`) in the week after `until`, and the week's
   * `seat-released` audit items on the whole-history index (`gsi2`, `HISTORY`).
   */
  async seatTerms(from: string, until: string): Promise<SeatTermFigures> {
    const nextWeek = new Date(Date.parse(until) + WEEK_MS).toISOString();
    const [seatsEndingNextWeek, seatsReleased] = await Promise.all([
      this.count({
        IndexName: "gsi3",
        KeyConditionExpression: "gsi3pk = :pk AND gsi3sk BETWEEN :from AND :until",
        ExpressionAttributeValues: { ":pk": ITEM_KEYS.seatEnds, ":from": until, ":until": nextWeek },
      }),
      this.count({
        IndexName: "gsi2",
        KeyConditionExpression: "gsi2pk = :pk AND gsi2sk BETWEEN :from AND :until",
        FilterExpression: "#action = :released",
        ExpressionAttributeNames: { "#action": "action" },
        ExpressionAttributeValues: {
          ":pk": ITEM_KEYS.auditAll,
          ":from": from,
          ":until": until,
          ":released": "seat-released",
        },
      }),
    ]);
    return { seatsEndingNextWeek, seatsReleased };
  }

  private async count(query: Omit<ConstructorParameters<typeof QueryCommand>[0], "TableName">): Promise<number> {
    let total = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          ...query,
          TableName: this.tableName,
          Select: "COUNT",
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      total += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return total;
  }

  private async inState(state: string, from: string, until: string): Promise<RequestOutcome[]> {
    const outcomes: RequestOutcome[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: "gsi3",
          // Sort keys are `<createdAt>#<id>`: every key of an instant sorts after the bare instant, so BETWEEN the two
          // bare instants takes `from` and excludes `until`.
          KeyConditionExpression: "gsi3pk = :pk AND gsi3sk BETWEEN :from AND :until",
          ExpressionAttributeNames: { "#state": "state", "#kind": "kind", "#forwarded": "forwardedFrom" },
          ExpressionAttributeValues: { ":pk": `STATE#${state}`, ":from": from, ":until": until },
          ProjectionExpression: "#state, #kind, createdAt, decidedAt, #forwarded",
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        outcomes.push({
          ...(item.kind === "grant" || item.kind === "request" || item.kind === "extension" ? { kind: item.kind } : {}),
          state: item.state,
          createdAt: String(item.createdAt),
          ...(typeof item.decidedAt === "string" ? { decidedAt: item.decidedAt } : {}),
          ...(Array.isArray(item.forwardedFrom) && item.forwardedFrom.length > 0 ? { forwarded: true } : {}),
        });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return outcomes;
  }
}
