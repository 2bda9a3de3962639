import { App, LogLevel } from "@slack/bolt";
import { config as loadDotEnv } from "dotenv";
import { ConfigError, loadConfig } from "../config/config.js";
import { InProcessJobQueue } from "../queue/in-process-job-queue.js";
import { registerListeners } from "../slack/app.js";
import { createSlackServices } from "../wiring/slack-events.js";
import { createRequestStore } from "../wiring/storage.js";
import { createWorkerDependencies } from "../wiring/worker.js";
import { createJobRunner } from "../worker/run-job.js";
import { startEmbeddedDynamoDb } from "./embedded-dynamodb.js";

/**
 * `npm start`: the whole bot on one machine. Bolt listens over HTTP (or Socket Mode with SLACK_APP_TOKEN), an
 * embedded dynalite keeps data under .data/ unless DYNAMODB_ENDPOINT is given, and the worker runs in-process.
 */
async function main(): Promise<void> {
  loadDotEnv({ quiet: true });
  const config = loadConfig(process.env);

  let stopDynamoDb = async () => {};
  if (!config.dynamodb.endpoint) {
    const embedded = await startEmbeddedDynamoDb(".data/dynamodb", config.dynamodb.tableName, config.dynamodb.region);
    config.dynamodb.endpoint = embedded.endpoint;
    stopDynamoDb = embedded.stop;
    console.log(`Embedded DynamoDB (dynalite) at ${embedded.endpoint}, data in .data/dynamodb`);
  }

  const store = createRequestStore(config);
  const queue = new InProcessJobQueue(console);
  queue.attach(createJobRunner(createWorkerDependencies(config, { store })));

  const socketMode = Boolean(config.slack.appToken);
  const app = new App({
    token: config.slack.botToken,
    signingSecret: config.slack.signingSecret,
    logLevel: LogLevel.INFO,
    clientOptions: { slackApiUrl: config.slack.apiUrl },
    ...(socketMode ? { socketMode: true, appToken: config.slack.appToken } : { endpoints: "/slack/events" }),
  });
  registerListeners(app, createSlackServices(config, queue, store));
  await app.start(config.port);
  console.log(
    socketMode
      ? "Copilot seat bot connected to Slack in Socket Mode."
      : `Copilot seat bot listening on http://localhost:${config.port}/slack/events`,
  );

  const shutdown = async () => {
    await app.stop();
    await queue.drain();
    await stopDynamoDb();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
