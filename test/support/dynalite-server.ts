import type { AddressInfo } from "node:net";
import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";
import { ensureTable } from "../../src/dynamodb/create-table.js";

/** A real DynamoDB-compatible server (dynalite) in memory, on a random loopback port. */
export async function startDynalite(): Promise<{
  endpoint: string;
  client: DynamoDBClient;
  close: () => Promise<void>;
}> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  return {
    endpoint,
    client,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A fresh, empty table: dropped and created again so no test sees another's items. */
export async function recreateTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
    // dynalite finishes a deletion asynchronously; creating before it is gone would lose the new table.
    for (;;) {
      await client.send(new DescribeTableCommand({ TableName: tableName }));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } catch (error) {
    if ((error as Error).name !== "ResourceNotFoundException") throw error;
  }
  await ensureTable(client, tableName);
}
