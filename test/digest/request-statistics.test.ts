import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { instantsOf } from "../../src/digest/digest-week.js";
import { createDocumentClient } from "../../src/dynamodb/dynamodb-client.js";
import { DynamoDbRequestStatistics } from "../../src/dynamodb/dynamodb-request-statistics.js";
import { DynamoDbRequestStore } from "../../src/dynamodb/dynamodb-request-store.js";
import { TABLE_NAME } from "../support/bot-under-test.js";
import { fileRequests } from "../support/digest-scenario.js";
import { recreateTable, startDynalite } from "../support/dynalite-server.js";

let dynamodb: Awaited<ReturnType<typeof startDynalite>>;
let statistics: DynamoDbRequestStatistics;
let send: { mock: { calls: unknown[][] }; mockClear(): void };

beforeAll(async () => {
  dynamodb = await startDynalite();
  await recreateTable(dynamodb.client, TABLE_NAME);
  const client = createDocumentClient({ region: "us-east-1", endpoint: dynamodb.endpoint });
  await fileRequests(new DynamoDbRequestStore(client, TABLE_NAME));
  statistics = new DynamoDbRequestStatistics(client, TABLE_NAME);
  send = vi.spyOn(client, "send");
});

afterAll(async () => {
  await dynamodb.close();
});

describe("DynamoDbRequestStatistics", () => {
  it("finds the requests filed in the week, in whatever state they are now", async () => {
    const { from, until } = instantsOf({ first: "2026-06-03", last: "2026-06-09" });

    const outcomes = await statistics.requestsFiled(from, until);

    // r6 was filed at 2026-06-02T23:59:59.999Z and r7 on 2026-06-10: both just outside.
    expect(outcomes.map((o) => `${o.state} ${o.createdAt} ${o.decidedAt ?? "-"} ${o.kind ?? "-"}`).sort()).toEqual([
      "ASSIGNED 2026-06-03T10:00:00.000Z 2026-06-03T11:00:00.000Z request",
      "ASSIGNED 2026-06-07T10:00:00.000Z 2026-06-07T10:00:00.000Z grant",
      "DENIED 2026-06-04T09:00:00.000Z 2026-06-04T12:20:00.000Z request",
      "FAILED 2026-06-08T10:00:00.000Z 2026-06-09T10:00:00.000Z request",
      "PENDING 2026-06-05T08:00:00.000Z - request",
      "REJECTED 2026-06-06T00:00:00.000Z - request",
    ]);
  });

  it("reads only through Queries on the by-state index, never a Scan", async () => {
    send.mockClear();

    await statistics.requestsFiled("2026-06-03T00:00:00.000Z", "2026-06-10T00:00:00.000Z");

    const commands = send.mock.calls.map((call) => call[0]);
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) {
      expect(command).toBeInstanceOf(QueryCommand);
      expect((command as QueryCommand).input.IndexName).toBe("gsi3");
    }
  });
});
