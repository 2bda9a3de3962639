import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
  SQSBatchResponse,
  SQSEvent,
} from "aws-lambda";
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from "vitest";
import { createDocumentClient } from "../../src/dynamodb/dynamodb-client.js";
import { DynamoDbRequestStore } from "../../src/dynamodb/dynamodb-request-store.js";
import { DynamoDbFaultProxy } from "../fakes/dynamodb-fault-proxy.js";
import { ForwardingProxy } from "../fakes/forwarding-proxy.js";
import { GitHubFake } from "../fakes/github-fake.js";
import { SlackFake } from "../fakes/slack-fake.js";
import { type QueuedMessage, SqsFake } from "../fakes/sqs-fake.js";
import { recreateTable, startDynalite } from "./dynalite-server.js";
import { SIGNING_SECRET } from "./slack-requests.js";

export const ORG = "acme";
export const BOT_TOKEN = "xoxb-test-bot-token";
export const GITHUB_TOKEN = "ghp_testtoken0123456789";
export const TABLE_NAME = "copilot-seat-bot-test";
export const ADMIN_ID = "UADMIN01";
/** A second Copilot admin, configured only when `useBot` is asked for one (`{ secondAdmin: true }`). */
export const SECOND_ADMIN_ID = "UADMIN02";

const lambdaContext = { functionName: "test", awsRequestId: "test" } as Context;

/** A Lambda context whose clock starts now and runs out after `timeoutMs`, as the function's timeout would. */
export function lambdaContextWithTimeout(timeoutMs: number, functionName = "worker"): Context {
  const endsAt = Date.now() + timeoutMs;
  return {
    functionName,
    awsRequestId: `test-${endsAt}`,
    getRemainingTimeInMillis: () => Math.max(0, endsAt - Date.now()),
  } as Context;
}

type WorkerModule = typeof import("../../functions/worker.js");

export interface AbandonedInvocation {
  /** The messages of the abandoned batch; they are back on the queue (or dead letters) with their receive count. */
  messages: QueuedMessage[];
  /** Whether the abandoned handler had returned or thrown before the condition held (its answer is lost anyway). */
  settled: boolean;
}

/** The configuration every way of running the bot in tests shares: credentials, and where Slack and GitHub are. */
export function testEnvironment(endpoints: { slackApiUrl: string; githubApiUrl: string }): Record<string, string> {
  return {
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: endpoints.slackApiUrl,
    GITHUB_ORG: ORG,
    GITHUB_TOKEN,
    GITHUB_API_URL: endpoints.githubApiUrl,
    GITHUB_RETRY_BASE_MS: "1",
  };
}

/**
 * The bot as deployed, on one machine: the real Lambda handlers from `functions/`, configured only through the
 * environment, against dynalite and fakes of Slack, GitHub and SQS.
 */
export interface BotUnderTest {
  github: GitHubFake;
  slack: SlackFake;
  sqs: SqsFake;
  /** The bot's DynamoDB endpoint: a proxy in front of dynalite that counts calls and injects faults. */
  dynamodb: DynamoDbFaultProxy;
  /** Reads what the bot stored, for assertions; it talks to dynalite directly, past the proxy's faults. */
  store: DynamoDbRequestStore;
  /** Sends a request to the Slack-facing Lambda, as API Gateway would. */
  receive(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2>;
  /** Runs the worker Lambda on everything queued, until the queue is empty. */
  runWorker(): Promise<void>;
  worker(event: SQSEvent): Promise<SQSBatchResponse | undefined>;
  /**
   * The worker Lambda's timeout: when set, every worker invocation gets a context whose remaining time starts at
   * this many milliseconds (as `getRemainingTimeInMillis()` reports it); unset (the default, and after each reset),
   * it gets no context and its time never runs out.
   */
  workerTimeoutMs: number | undefined;
  /**
   * An invocation lost mid-job: runs the worker, in a container of its own, on everything queued until `until()`
   * holds (or the handler ends), then kills that container — none of its calls, in flight or later, gets through to
   * Slack, GitHub, DynamoDB or SQS again — and returns the batch to the queue as SQS does when the visibility timeout
   * runs out (receive count kept, dead letters past the limit). Later deliveries go to a fresh container (a fresh
   * import of `functions/worker.js`). E.g. `bot.github.hang("post", SEATS); await bot.abandonWorker(() =>
   * bot.github.callsTo("post", SEATS).length > 0); await bot.runWorker();`
   */
  abandonWorker(
    until: () => boolean | Promise<boolean>,
    options?: { timeoutMs?: number },
  ): Promise<AbandonedInvocation>;
  /** Runs the daily maintenance Lambda once. */
  maintain(): Promise<{ requeued: number }>;
  /**
   * A configuration change, as AWS applies one: the environment variables given are set (or, when undefined, removed)
   * and every function runs in a fresh container that reads its configuration again.
   */
  reconfigure(env: Record<string, string | undefined>): Promise<void>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startBot(options: { env?: Record<string, string> } = {}): Promise<BotUnderTest> {
  const dynamodb = await startDynalite();
  const dynamodbProxy = await DynamoDbFaultProxy.start(dynamodb.endpoint);
  const github = await new GitHubFake(ORG, GITHUB_TOKEN).start();
  const slack = await new SlackFake(BOT_TOKEN).start();
  const sqs = await new SqsFake().start();
  /** The cut-off connections of abandoned containers, kept until the bot stops. */
  const deadContainers: ForwardingProxy[] = [];

  Object.assign(process.env, {
    ...testEnvironment({ slackApiUrl: slack.apiUrl, githubApiUrl: github.url }),
    COPILOT_ADMIN_IDS: ADMIN_ID,
    DYNAMODB_ENDPOINT: dynamodbProxy.endpoint,
    TABLE_NAME,
    JOB_QUEUE_URL: sqs.queueUrl,
    AWS_ENDPOINT_URL_SQS: sqs.url,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    // No reclaim round starts by itself: otherwise every sweep a test runs on a Monday from 09:00 would start one.
    RECLAIM_DAY: "NONE",
    ...options.env,
  });
  delete process.env.SECRET_NAME;
  await recreateTable(dynamodb.client, TABLE_NAME);

  let slackEvents = await import("../../functions/slack-events.js");
  let workerFunction: WorkerModule = await import("../../functions/worker.js");
  let maintenanceFunction = await import("../../functions/maintenance.js");
  const store = new DynamoDbRequestStore(
    createDocumentClient({ region: "us-east-1", endpoint: dynamodb.endpoint }),
    TABLE_NAME,
  );
  let workerTimeoutMs: number | undefined;
  const invoke = (module: WorkerModule, event: SQSEvent) =>
    workerTimeoutMs === undefined
      ? module.handler(event)
      : module.handler(event, lambdaContextWithTimeout(workerTimeoutMs));
  const worker = (event: SQSEvent) => invoke(workerFunction, event);

  /** A fresh import of the worker, as a new Lambda container: no cached clients, claims or configuration. */
  async function freshWorkerContainer(): Promise<WorkerModule> {
    vi.resetModules();
    return await import("../../functions/worker.js");
  }

  async function abandonWorker(
    until: () => boolean | Promise<boolean>,
    { timeoutMs = 10_000 } = {},
  ): Promise<AbandonedInvocation> {
    // The doomed container reaches every outside system through a proxy of its own, so that killing it is cutting
    // those: its hung calls never return and its later calls never arrive, whatever the fakes do after (a reset
    // drops their hung connections, which would otherwise wake it up inside the next test).
    const routes = await Promise.all(
      [slack.url, github.url, dynamodbProxy.endpoint, sqs.url].map((target) => new ForwardingProxy(target).start()),
    );
    deadContainers.push(...routes);
    const [toSlack, toGitHub, toDynamoDb, toSqs] = routes.map((route) => route.url);
    const containerEnv = {
      ...testEnvironment({ slackApiUrl: `${toSlack}/api/`, githubApiUrl: String(toGitHub) }),
      DYNAMODB_ENDPOINT: String(toDynamoDb),
      AWS_ENDPOINT_URL_SQS: String(toSqs),
    };
    // The handler reads its configuration on its first event, so the environment stays the doomed container's
    // until the container is cut off.
    const saved = Object.fromEntries(Object.keys(containerEnv).map((name) => [name, process.env[name]]));
    Object.assign(process.env, containerEnv);
    let settled = false;
    let messages: QueuedMessage[] = [];
    try {
      const doomed = await freshWorkerContainer();
      const received = sqs.receive();
      messages = received.messages;
      if (messages.length === 0) throw new Error("abandonWorker: nothing is queued for the worker");
      const run = invoke(doomed, received.event).then(
        () => {
          settled = true;
        },
        () => {
          settled = true;
        },
      );
      const deadline = Date.now() + timeoutMs;
      while (!settled && !(await until())) {
        if (Date.now() > deadline) {
          throw new Error(`abandonWorker: the condition did not hold within ${timeoutMs} ms, nor did the worker end`);
        }
        await Promise.race([run, new Promise((resolve) => setTimeout(resolve, 2))]);
      }
    } finally {
      for (const route of routes) route.cut();
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    workerFunction = await freshWorkerContainer();
    for (const message of messages) sqs.redeliver(message.messageId);
    return { messages, settled };
  }

  return {
    get workerTimeoutMs() {
      return workerTimeoutMs;
    },
    set workerTimeoutMs(timeoutMs) {
      workerTimeoutMs = timeoutMs;
    },
    github,
    slack,
    sqs,
    dynamodb: dynamodbProxy,
    store,
    receive: (event) => slackEvents.handler(event, lambdaContext),
    worker,
    abandonWorker,
    maintain: () => maintenanceFunction.handler(),
    async reconfigure(env) {
      for (const [name, value] of Object.entries(env)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      vi.resetModules();
      slackEvents = await import("../../functions/slack-events.js");
      workerFunction = await import("../../functions/worker.js");
      maintenanceFunction = await import("../../functions/maintenance.js");
    },
    runWorker: () => sqs.drain(worker),
    async reset() {
      workerTimeoutMs = undefined;
      github.reset();
      slack.reset();
      sqs.reset();
      dynamodbProxy.reset();
      await recreateTable(dynamodb.client, TABLE_NAME);
    },
    async stop() {
      await Promise.all([
        github.stop(),
        slack.stop(),
        sqs.stop(),
        dynamodbProxy.stop(),
        ...deadContainers.map((route) => route.stop()),
      ]);
      await dynamodb.close();
    },
  };
}

/**
 * The bot for one test file: started once, reset (empty table, fresh fakes, then `prepare`) before each test, and
 * after each test checked to have kept GitHub's OpenAPI contract and Slack's Block Kit limits.
 */
export function useBot(
  prepare: (bot: BotUnderTest) => void = () => {},
  options: { secondAdmin?: boolean } = {},
): BotUnderTest {
  let started: BotUnderTest | undefined;
  const current = () => {
    if (!started) throw new Error("The bot is not started yet; use it inside tests and hooks.");
    return started;
  };
  beforeAll(async () => {
    started = await startBot(
      options.secondAdmin ? { env: { COPILOT_ADMIN_IDS: `${ADMIN_ID},${SECOND_ADMIN_ID}` } } : {},
    );
  });
  afterAll(async () => {
    await started?.stop();
  });
  beforeEach(async () => {
    await current().reset();
    prepare(current());
  });
  afterEach(() => {
    expect(current().github.contractViolations).toEqual([]);
    expect(current().slack.limitViolations).toEqual([]);
  });
  return {
    get github() {
      return current().github;
    },
    get slack() {
      return current().slack;
    },
    get sqs() {
      return current().sqs;
    },
    get dynamodb() {
      return current().dynamodb;
    },
    get workerTimeoutMs() {
      return current().workerTimeoutMs;
    },
    set workerTimeoutMs(timeoutMs) {
      current().workerTimeoutMs = timeoutMs;
    },
    get store() {
      return current().store;
    },
    receive: (event) => current().receive(event),
    runWorker: () => current().runWorker(),
    worker: (event) => current().worker(event),
    abandonWorker: (until, options) => current().abandonWorker(until, options),
    maintain: () => current().maintain(),
    reconfigure: (env) => current().reconfigure(env),
    reset: () => current().reset(),
    stop: () => current().stop(),
  };
}
