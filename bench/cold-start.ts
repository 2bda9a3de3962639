import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { SlackFake } from "../test/fakes/slack-fake.js";
import { SIGNING_SECRET, slashCommand } from "../test/support/slack-requests.js";
import { LATENCY_MS } from "./acknowledgements.js";
import type { Bundle, Bundles } from "./build-bundles.js";
import { startLatencyProxy } from "./latency-proxy.js";
import { shuffled } from "./statistics.js";

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL("./cold-start-child.mjs", import.meta.url));
const BOT_TOKEN = "xoxb-bench-bot-token";

export interface ColdStartFigures {
  /** Milliseconds to import each bundle in a fresh process, one sample per round. */
  load: { slackEvents: number[]; naive: number[] };
  /** CPU milliseconds the same imports took, which the waits for a free core on a busy machine do not inflate. */
  loadCpu: { slackEvents: number[]; naive: number[] };
  /** Milliseconds from process start to the first acknowledgement's response. */
  firstAck: { slackEvents: number[]; minimalBolt: number[] };
}

/**
 * Cold processes, one per sample, in random order: importing the Slack-facing bundle against the naive handler, and
 * its first acknowledgement (`/copilot help`, which needs nothing but Slack) against the minimal Bolt handler, with
 * Slack 60 ms away. Only the Slack-facing function gets NODE_OPTIONS, and only if the CDK stack sets it.
 */
export async function measureColdStarts(bundles: Bundles, rounds: number): Promise<ColdStartFigures> {
  const slack = await new SlackFake(BOT_TOKEN).start();
  const slackProxy = await startLatencyProxy(slack.url, LATENCY_MS.slack);
  const environment = {
    PATH: process.env.PATH ?? "",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: `${slackProxy.url}/api/`,
    GITHUB_ORG: "acme",
    GITHUB_TOKEN: "ghp_benchtoken0123456789",
    GITHUB_API_URL: "http://127.0.0.1:9",
    TABLE_NAME: "copilot-seat-bot-bench",
    DYNAMODB_ENDPOINT: "http://127.0.0.1:9",
    JOB_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/000000000000/copilot-jobs",
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "bench",
    AWS_SECRET_ACCESS_KEY: "bench",
    POWERTOOLS_LOG_LEVEL: "ERROR",
  };
  const sample = async (bundle: Bundle, acknowledge: boolean) => {
    const event = acknowledge
      ? JSON.stringify(
          slashCommand({ userId: "UREQ000001", text: "help", responseUrl: `${slackProxy.url}/response/cold` }),
        )
      : undefined;
    const { stdout } = await run(process.execPath, [CHILD, bundle.file, ...(event ? [event] : [])], {
      env: { ...environment, ...(bundle.nodeOptions ? { NODE_OPTIONS: bundle.nodeOptions } : {}) },
      maxBuffer: 1024 * 1024,
    });
    const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as {
      loadMs: number;
      loadCpuMs: number;
      firstAckMs?: number;
      statusCode?: number;
    };
    if (acknowledge && result.statusCode !== 200) throw new Error(`${bundle.name} answered ${result.statusCode}`);
    return result;
  };

  const figures: ColdStartFigures = {
    load: { slackEvents: [], naive: [] },
    loadCpu: { slackEvents: [], naive: [] },
    firstAck: { slackEvents: [], minimalBolt: [] },
  };
  const plan = Array.from(
    { length: rounds },
    () => ["load-bot", "load-naive", "ack-bot", "ack-minimal"] as const,
  ).flat();
  try {
    for (const kind of shuffled(plan)) {
      switch (kind) {
        case "load-bot": {
          const { loadMs, loadCpuMs } = await sample(bundles.slackEvents, false);
          figures.load.slackEvents.push(loadMs);
          figures.loadCpu.slackEvents.push(loadCpuMs);
          break;
        }
        case "load-naive": {
          const { loadMs, loadCpuMs } = await sample(bundles.naive, false);
          figures.load.naive.push(loadMs);
          figures.loadCpu.naive.push(loadCpuMs);
          break;
        }
        case "ack-bot":
          figures.firstAck.slackEvents.push((await sample(bundles.slackEvents, true)).firstAckMs ?? Number.NaN);
          break;
        case "ack-minimal":
          figures.firstAck.minimalBolt.push((await sample(bundles.minimalBolt, true)).firstAckMs ?? Number.NaN);
          break;
      }
    }
    return figures;
  } finally {
    await slackProxy.close();
    await slack.stop();
  }
}
