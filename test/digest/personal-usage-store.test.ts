import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import type { PersonalSummary } from "../../src/digest/personal-usage.js";
import { DynamoDbPersonalUsage } from "../../src/dynamodb/dynamodb-personal-usage.js";

function summary(login: string): PersonalSummary {
  return {
    login,
    range: { first: "2026-05-11", last: "2026-06-07" },
    activeDays: 1,
    lastActiveDay: "2026-06-07",
    features: [],
    ides: [],
    completions: { suggested: 0, accepted: 0 },
    usedChat: false,
    usedAgent: false,
    usedCli: false,
    storedAt: "2026-06-10T09:00:00.000Z",
  };
}

type Put = { PutRequest: { Item: Record<string, unknown> } };

/** A document client that records each BatchWriteItem and leaves the first `unprocessed` items of the first call. */
function recordingClient(unprocessed = 0) {
  const calls: Put[][] = [];
  const client = {
    send: async (command: { input: { RequestItems: Record<string, Put[]> } }) => {
      const requests = command.input.RequestItems.table ?? [];
      calls.push(requests);
      const left = calls.length === 1 ? requests.slice(0, unprocessed) : [];
      return { UnprocessedItems: left.length > 0 ? { table: left } : {} };
    },
  };
  return { client: client as unknown as DynamoDBDocumentClient, calls };
}

describe("DynamoDbPersonalUsage.saveSummaries", () => {
  it("writes in batches of 25, DynamoDB's limit: 60 people are 3 calls", async () => {
    const { client, calls } = recordingClient();

    await new DynamoDbPersonalUsage(client, "table", async () => {}).saveSummaries(
      Array.from({ length: 60 }, (_, i) => summary(`dev${i}`)),
    );

    expect(calls.map((c) => c.length).sort((a, b) => a - b)).toEqual([10, 25, 25]);
  });

  it("retries what DynamoDB left unprocessed, and sets each item's time to live 35 days after the run", async () => {
    const { client, calls } = recordingClient(2);

    await new DynamoDbPersonalUsage(client, "table", async () => {}).saveSummaries([
      summary("Octocat"),
      summary("hubot"),
      summary("monalisa"),
    ]);

    expect(calls.map((c) => c.length)).toEqual([3, 2]);
    const item = calls[1]?.[0]?.PutRequest.Item;
    expect(item?.pk).toBe("USAGE#person:octocat");
    expect(item?.sk).toBe("LAST28");
    // 2026-06-10T09:00:00Z = 1781082000 s; + 35 × 86,400 = 1784106000.
    expect(item?.expiresAt).toBe(1781082000 + 35 * 86_400);
  });
});
