import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { RequestOutcome, RequestStatistics } from "../digest/request-figures.js";
import { REQUEST_STATES } from "../request/seat-request.js";

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
          ExpressionAttributeNames: { "#state": "state", "#kind": "kind" },
          ExpressionAttributeValues: { ":pk": `STATE#${state}`, ":from": from, ":until": until },
          ProjectionExpression: "#state, #kind, createdAt, decidedAt",
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        outcomes.push({
          ...(item.kind === "grant" || item.kind === "request" ? { kind: item.kind } : {}),
          state: item.state,
          createdAt: String(item.createdAt),
          ...(typeof item.decidedAt === "string" ? { decidedAt: item.decidedAt } : {}),
        });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return outcomes;
  }
}
