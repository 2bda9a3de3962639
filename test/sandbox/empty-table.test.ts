import { PutItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTable } from "../../src/dynamodb/create-table.js";
import { TABLE_KEYS } from "../../src/dynamodb/table-schema.js";
import { emptyTable } from "../../src/sandbox/sandbox-mode.js";
import { startDynalite } from "../support/dynalite-server.js";

const TABLE = "sandbox-reset";
let dynamodb: Awaited<ReturnType<typeof startDynalite>>;

beforeAll(async () => {
  dynamodb = await startDynalite();
  await ensureTable(dynamodb.client, TABLE);
});

afterAll(async () => {
  await dynamodb?.close();
});

describe("Reset sandbox", () => {
  it("leaves the bot's table empty and ready, however often it is pressed", async () => {
    const settings = { tableName: TABLE, region: "us-east-1", endpoint: dynamodb.endpoint };
    for (let round = 0; round < 5; round++) {
      await dynamodb.client.send(
        new PutItemCommand({
          TableName: TABLE,
          Item: { [TABLE_KEYS.partitionKey]: { S: `REQ#${round}` }, [TABLE_KEYS.sortKey]: { S: "META" } },
        }),
      );
      await emptyTable(settings);
      const { Items } = await dynamodb.client.send(new ScanCommand({ TableName: TABLE }));
      expect(Items).toEqual([]);
    }
  });
});
