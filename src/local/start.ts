import type { Server } from "node:http";
import { App, LogLevel } from "@slack/bolt";
import { config as loadDotEnv } from "dotenv";
import { EChartsUsageChart } from "../charts/usage-chart.js";
import { ConfigError, waitingLimitsOf } from "../config/config.js";
import { DigestFailedError } from "../digest/errors.js";
import { publishOncePerRun } from "../digest/publish-once.js";
import { runWeeklyDigest } from "../digest/run-weekly-digest.js";
import { createJobRunner } from "../jobs/run-job.js";
import { InProcessJobQueue } from "../queue/in-process-job-queue.js";
import { systemClock } from "../request/ports.js";
import { sweepStuckRequests } from "../request/sweep-stuck-requests.js";
import { emptyTable, runNow, sandboxRequested } from "../sandbox/sandbox-mode.js";
import { registerListeners } from "../slack/app.js";
import { createSlackLambdaHandler } from "../slack/lambda-handler.js";
import { createDigestDependencies } from "../wiring/digest.js";
import { runIdentitySync } from "../wiring/identity-sync.js";
import { createReclaimSweep } from "../wiring/reclaim.js";
import { localSignInRoutes } from "../wiring/sign-in.js";
import { createSlackServices } from "../wiring/slack-events.js";
import { createAuditLog, createRequestStore, createSubscriptionSummaryStore } from "../wiring/storage.js";
import { createWorkerDependencies } from "../wiring/worker.js";
import { startEmbeddedDynamoDb } from "./embedded-dynamodb.js";
import { closeServer, createLambdaHttpServer, listen } from "./lambda-http-adapter.js";
import { loadLocalConfig } from "./local-config.js";
import { every, nextDaily, nextWeekly, type ScheduledJob, startSchedule } from "./scheduled-jobs.js";
import { dataFolderProblem, LocalStartError, portProblem } from "./start-up-errors.js";

const DATA_FOLDER = ".data/dynamodb";
/** The sandbox keeps its own table and workspace apart from a real workspace's data. */
const SANDBOX_DATA_FOLDER = ".data/sandbox";
let dataFolder = DATA_FOLDER;
const SLACK_EVENTS_PATH = "/slack/events";

/**
 * `npm start`: the whole bot on one machine. Slack's requests go to the Slack-facing Lambda handler itself, served
 * over HTTP on PORT (or Bolt connects in Socket Mode with SLACK_APP_TOKEN); an embedded dynalite keeps data under
 * .data/ unless DYNAMODB_ENDPOINT is given; the worker runs in-process, and so do the scheduled jobs: the
 * maintenance sweep every SWEEP_EVERY, and the weekly digest when DIGEST_CHANNEL is set.
 */
async function main(): Promise<void> {
  loadDotEnv({ quiet: true });
  // Without any credential (or with --sandbox) the bot runs against a sandbox Slack workspace and GitHub
  // organization of its own; loaded only then, as it brings the tests' GitHub fakes and their OpenAPI contract.
  const sandbox = sandboxRequested(process.argv.slice(2), process.env)
    ? await (await import("../sandbox/start-sandbox.js")).startSandbox({
        port: Number(process.env.PORT?.trim() || 3000),
        dataFolder: SANDBOX_DATA_FOLDER,
        log: console,
      })
    : undefined;
  const say = sandbox ? () => {} : (line: string) => console.log(line);
  const { config, digest, sweep } = loadLocalConfig(sandbox?.env ?? process.env);
  if (sandbox) dataFolder = `${SANDBOX_DATA_FOLDER}/dynamodb`;

  let stopDynamoDb = async () => {};
  if (!config.dynamodb.endpoint) {
    const embedded = await startEmbeddedDynamoDb(dataFolder, config.dynamodb.tableName, config.dynamodb.region);
    // The digest's configuration shares this object, so it reads the embedded table too.
    config.dynamodb.endpoint = embedded.endpoint;
    stopDynamoDb = embedded.stop;
    say(`Embedded DynamoDB (dynalite) at ${embedded.endpoint}, data in ${dataFolder}`);
  }

  const store = createRequestStore(config);
  const queue = new InProcessJobQueue(console);
  queue.attach(createJobRunner(createWorkerDependencies(config, { store, queue })));
  const services = createSlackServices(config, queue, { store });

  let stopSlack: () => Promise<void>;
  if (config.slack.appToken) {
    // Socket Mode has no request to verify: Slack sends the events over the app's own authenticated connection.
    const app = new App({
      token: config.slack.botToken,
      signingSecret: config.slack.signingSecret,
      logLevel: LogLevel.INFO,
      clientOptions: { slackApiUrl: config.slack.apiUrl },
      socketMode: true,
      appToken: config.slack.appToken,
    });
    registerListeners(app, services);
    await app.start();
    stopSlack = async () => {
      await app.stop();
    };
    console.log("Copilot seat bot connected to Slack in Socket Mode.");
  } else {
    const server: Server = createLambdaHttpServer(createSlackLambdaHandler(config, services), {
      path: SLACK_EVENTS_PATH,
      log: console,
      ...(sandbox ? { otherRoutes: sandbox.serve } : {}),
      // Sign in with GitHub, when configured: the same handler as the deployed GitHubSignIn function.
      ...localSignInRoutes(config),
    });
    try {
      await listen(server, config.port);
    } catch (error) {
      throw portProblem(config.port, error) ?? error;
    }
    stopSlack = () => closeServer(server);
    say(`Copilot seat bot listening on http://localhost:${config.port}${SLACK_EVENTS_PATH}`);
  }

  // The same dependencies as the maintenance Lambda's, with the in-process queue in place of SQS.
  const sweepDependencies = {
    store,
    queue,
    clock: systemClock,
    adminIds: config.adminIds,
    log: console,
    waiting: waitingLimitsOf(config.lifecycle),
    seatEndWarningMs: config.lifecycle.seatEndWarningMs,
    summaries: createSubscriptionSummaryStore(config),
    // The weekly reclaim round starts from the sweep on RECLAIM_DAY, and its deadlines are kept by it, as in AWS.
    reclaim: createReclaimSweep(config, queue),
  };
  const jobs: ScheduledJob[] = [
    {
      name: "maintenance sweep",
      next: every(sweep.everyMs),
      run: async () => {
        const { requeued } = await sweepStuckRequests(sweepDependencies);
        if (requeued.length > 0) console.log(`Maintenance sweep queued again the work of ${requeued.join(", ")}`);
      },
    },
  ];
  // Daily at 03:00, as in AWS; in one process there is no time limit, so each run goes to the end.
  jobs.push({
    name: "identity sync",
    next: nextDaily({ hour: 3, timeZone: config.lifecycle.timeZone }),
    run: async () => {
      const { source, report } = await runIdentitySync(config, () => true);
      if (report) console.log(`Identity sync (${source}): ${report.linked} linked, ${report.conflicts} conflicts`);
    },
  });
  if (digest) {
    const deps = createDigestDependencies(digest.config, { chart: new EChartsUsageChart() });
    const once = createAuditLog(digest.config);
    jobs.push({
      name: "weekly digest",
      next: nextWeekly(digest.schedule),
      // Keyed by the scheduled time, as in AWS. A failed run is logged and not retried before the next week.
      run: async (scheduledTime) => {
        const run = await runWeeklyDigest({
          ...deps,
          publisher: publishOncePerRun(deps.publisher, once, scheduledTime.toISOString()),
        });
        for (const line of run.posted) console.log(`Digest posted: ${line}`);
        for (const line of run.leftOut) console.log(`Digest left out: ${line}`);
      },
    });
  }
  const schedule = startSchedule(jobs, { log: console });
  const { weekDay, hour, timeZone } = digest?.schedule ?? {};
  sandbox?.attach({
    run: (name) => runNow(jobs, name),
    emptyTable: () => emptyTable(config.dynamodb),
  });
  if (sandbox) console.log(`Sandbox Slack workspace and GitHub organization: http://localhost:${config.port}/`);
  say(
    `Maintenance sweep every ${sweep.every}; ${digest ? `weekly digest ${weekDay} ${String(hour).padStart(2, "0")}:00 ${timeZone} to ${digest.config.digest.channel}` : "no weekly digest (DIGEST_CHANNEL is not set)"}.`,
  );

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await stopSlack();
    await sandbox?.stop();
    await schedule.stop();
    await queue.drain();
    await stopDynamoDb();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

/** The one line to print for a failure the person starting the bot can fix, or undefined for anything else. */
function explain(error: unknown): string | undefined {
  if (error instanceof LocalStartError || error instanceof ConfigError || error instanceof DigestFailedError) {
    return error.message;
  }
  // The one failure dynalite throws outside any promise: another process holds the LevelDB folder after all.
  if (error instanceof Error && error.message === "Database is closed") {
    return dataFolderProblem(dataFolder, error)?.message;
  }
  return undefined;
}

// A listener's promise that nobody awaited must not end the bot for everyone: it is logged, and the bot goes on.
process.on("unhandledRejection", (error) => {
  console.error("Unhandled rejection (the bot keeps running):", error);
});
// dynalite can still throw outside any promise (see embedded-dynamodb.ts); say what it means before exiting.
process.on("uncaughtException", (error) => {
  console.error(explain(error) ?? error);
  process.exit(1);
});

main().catch((error) => {
  console.error(explain(error) ?? error);
  process.exit(1);
});
