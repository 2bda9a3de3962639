import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";
import { ensureTable } from "../dynamodb/create-table.js";
import { dataFolderProblem } from "./start-up-errors.js";

interface LevelDatabase {
  open(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the LevelDB store in `folder` once and closes it again, with the same `level` package dynalite uses.
 *
 * dynalite opens its store in the background and never reports a failure to open: the first request then dies on
 * "Database is closed", as an exception nobody can catch. LevelDB lets one process at a time hold a folder (its
 * LOCK file), so a second `npm start` in the same folder ended that way. Trying the folder first turns that, and a
 * folder that cannot be written, into a message that says what to do.
 */
async function checkStoreCanOpen(folder: string): Promise<void> {
  const requireFromDynalite = createRequire(createRequire(import.meta.url).resolve("dynalite"));
  const { Level } = requireFromDynalite("level") as { Level: new (location: string) => LevelDatabase };
  const store = new Level(folder);
  try {
    await store.open();
  } catch (error) {
    throw dataFolderProblem(folder, error) ?? error;
  }
  await store.close();
}

/**
 * DynamoDB for running on one machine: the `dynalite` server in this process, keeping its data in `folder` so
 * requests survive a restart. Returns the endpoint for the SDK and a function that stops the server.
 * A folder that is taken by another process, is a file, or cannot be written fails with a `LocalStartError`.
 */
export async function startEmbeddedDynamoDb(
  folder: string,
  tableName: string,
  region: string,
): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw dataFolderProblem(folder, error) ?? error;
  }
  await checkStoreCanOpen(folder);
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
