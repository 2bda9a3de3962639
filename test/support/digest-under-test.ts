import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from "vitest";
import { createDocumentClient } from "../../src/dynamodb/dynamodb-client.js";
import { DynamoDbRequestStore } from "../../src/dynamodb/dynamodb-request-store.js";
import { CopilotMetricsFake } from "../fakes/copilot-metrics-fake.js";
import { SlackFake } from "../fakes/slack-fake.js";
import { BOT_TOKEN, GITHUB_TOKEN, ORG, TABLE_NAME, testEnvironment } from "./bot-under-test.js";
import { recreateTable, startDynalite } from "./dynalite-server.js";

export const DIGEST_CHANNEL = "CDIGEST01";
export const ENTERPRISE = "acme-corp";

/**
 * The digest as deployed, on one machine: the real `functions/digest.ts` handler, configured only through the
 * environment, against dynalite, the Slack fake, and the GitHub fake behind the Copilot metrics fake, with report
 * files on their own storage host. `functions/digest.ts` reads its configuration once per process, and vitest runs
 * each test file in its own process: one environment per test file.
 */
export interface DigestUnderTest {
  metrics: CopilotMetricsFake;
  slack: SlackFake;
  store: DynamoDbRequestStore;
  /** Invokes the handler; `scheduledTime` as EventBridge Scheduler sends it, to test a retried run. */
  run(event?: { scheduledTime: string }): Promise<unknown>;
  /** The messages posted to a channel, in order. */
  postedTo(channel: string): Record<string, unknown>[];
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startDigest(options: { env?: Record<string, string> } = {}): Promise<DigestUnderTest> {
  const dynamodb = await startDynalite();
  const metrics = await new CopilotMetricsFake(ORG, GITHUB_TOKEN, ENTERPRISE).start();
  const slack = await new SlackFake(BOT_TOKEN).start();

  Object.assign(process.env, {
    ...testEnvironment({ slackApiUrl: slack.apiUrl, githubApiUrl: metrics.url }),
    DYNAMODB_ENDPOINT: dynamodb.endpoint,
    TABLE_NAME,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    DIGEST_CHANNEL,
    REPORT_DOWNLOAD_TEST_ORIGIN: metrics.storage.url,
    ...options.env,
  });
  delete process.env.SECRET_NAME;
  await recreateTable(dynamodb.client, TABLE_NAME);

  const digestFunction = await import("../../functions/digest.js");
  const store = new DynamoDbRequestStore(
    createDocumentClient({ region: "us-east-1", endpoint: dynamodb.endpoint }),
    TABLE_NAME,
  );

  return {
    metrics,
    slack,
    store,
    run: (event) => digestFunction.handler(event),
    postedTo: (channel) =>
      slack
        .callsTo("chat.postMessage")
        .filter((call) => call.params.channel === channel)
        .map((call) => call.params),
    async reset() {
      metrics.reset();
      slack.reset();
      await recreateTable(dynamodb.client, TABLE_NAME);
    },
    async stop() {
      await Promise.all([metrics.stop(), slack.stop(), dynamodb.close()]);
    },
  };
}

/**
 * The digest for one test file: started once with `env`; before each test reset, with only `Date` faked to `now`
 * (the fakes and SDKs keep real timers) and `prepare` run; after each test checked to have kept every GitHub schema
 * (OpenAPI, or the reports API's hand-written one) and Slack's Block Kit limits.
 */
export function useDigest(
  options: { env?: Record<string, string>; now: string },
  prepare: (digest: DigestUnderTest) => void | Promise<void>,
): DigestUnderTest {
  let started: DigestUnderTest | undefined;
  const current = () => {
    if (!started) throw new Error("The digest is not started yet; use it inside tests and hooks.");
    return started;
  };
  beforeAll(async () => {
    started = await startDigest(options.env ? { env: options.env } : {});
  });
  afterAll(async () => {
    await started?.stop();
  });
  beforeEach(async () => {
    await current().reset();
    vi.useFakeTimers({ toFake: ["Date"], now: new Date(options.now) });
    await prepare(current());
  });
  afterEach(() => {
    vi.useRealTimers();
    expect(current().metrics.violations).toEqual([]);
    expect(current().slack.limitViolations).toEqual([]);
  });
  return {
    get metrics() {
      return current().metrics;
    },
    get slack() {
      return current().slack;
    },
    get store() {
      return current().store;
    },
    run: (event) => current().run(event),
    postedTo: (channel) => current().postedTo(channel),
    reset: () => current().reset(),
    stop: () => current().stop(),
  };
}
