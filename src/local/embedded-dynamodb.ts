import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";
import { ensureTable } from "../dynamodb/create-table.js";

/**
 * DynamoDB for running on one machine: the `dynalite` server in this process, keeping its data in `folder` so
 * requests survive a restart. Returns the endpoint for the SDK and a function that stops the server.
 */
export async function startEmbeddedDynamoDb(
  folder: string,
  tableName: string,
  region: string,
): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  mkdirSync(folder, { recursive: true });
  const server = dynalite({ path: folder, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  await ensureTable(client, tableName);
  client.destroy();
  return { endpoint, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
