import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
  SQSBatchResponse,
  SQSEvent,
} from "aws-lambda";
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { createDocumentClient } from "../../src/dynamodb/dynamodb-client.js";
import { DynamoDbRequestStore } from "../../src/dynamodb/dynamodb-request-store.js";
import { GitHubFake } from "../fakes/github-fake.js";
import { SlackFake } from "../fakes/slack-fake.js";
import { SqsFake } from "../fakes/sqs-fake.js";
import { recreateTable, startDynalite } from "./dynalite-server.js";
import { SIGNING_SECRET } from "./slack-requests.js";

export const ORG = "acme";
export const BOT_TOKEN = "xoxb-test-bot-token";
export const GITHUB_TOKEN = "ghp_testtoken0123456789";
export const TABLE_NAME = "copilot-seat-bot-test";
export const ADMIN_ID = "UADMIN01";

const lambdaContext = { functionName: "test", awsRequestId: "test" } as Context;

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
  /** Reads what the bot stored, for assertions. */
  store: DynamoDbRequestStore;
  /** Sends a request to the Slack-facing Lambda, as API Gateway would. */
  receive(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2>;
  /** Runs the worker Lambda on everything queued, until the queue is empty. */
  runWorker(): Promise<void>;
  worker(event: SQSEvent): Promise<SQSBatchResponse | undefined>;
  /** Runs the daily maintenance Lambda once. */
  maintain(): Promise<{ requeued: number }>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startBot(options: { env?: Record<string, string> } = {}): Promise<BotUnderTest> {
  const dynamodb = await startDynalite();
  const github = await new GitHubFake(ORG, GITHUB_TOKEN).start();
  const slack = await new SlackFake(BOT_TOKEN).start();
  const sqs = await new SqsFake().start();

  Object.assign(process.env, {
    ...testEnvironment({ slackApiUrl: slack.apiUrl, githubApiUrl: github.url }),
    COPILOT_ADMIN_IDS: ADMIN_ID,
    DYNAMODB_ENDPOINT: dynamodb.endpoint,
    TABLE_NAME,
    JOB_QUEUE_URL: sqs.queueUrl,
    AWS_ENDPOINT_URL_SQS: sqs.url,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    ...options.env,
  });
  delete process.env.SECRET_NAME;
  await recreateTable(dynamodb.client, TABLE_NAME);

  const slackEvents = await import("../../functions/slack-events.js");
  const workerFunction = await import("../../functions/worker.js");
  const maintenanceFunction = await import("../../functions/maintenance.js");
  const store = new DynamoDbRequestStore(
    createDocumentClient({ region: "us-east-1", endpoint: dynamodb.endpoint }),
    TABLE_NAME,
  );
  const worker = (event: SQSEvent) => workerFunction.handler(event);

  return {
    github,
    slack,
    sqs,
    store,
    receive: (event) => slackEvents.handler(event, lambdaContext),
    worker,
    maintain: () => maintenanceFunction.handler(),
    runWorker: () => sqs.drain(worker),
    async reset() {
      github.reset();
      slack.reset();
      sqs.reset();
      await recreateTable(dynamodb.client, TABLE_NAME);
    },
    async stop() {
      await Promise.all([github.stop(), slack.stop(), sqs.stop(), dynamodb.close()]);
    },
  };
}

/**
 * The bot for one test file: started once, reset (empty table, fresh fakes, then `prepare`) before each test, and
 * after each test checked to have kept GitHub's OpenAPI contract and Slack's Block Kit limits.
 */
export function useBot(prepare: (bot: BotUnderTest) => void = () => {}): BotUnderTest {
  let started: BotUnderTest | undefined;
  const current = () => {
    if (!started) throw new Error("The bot is not started yet; use it inside tests and hooks.");
    return started;
  };
  beforeAll(async () => {
    started = await startBot();
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
    get store() {
      return current().store;
    },
    receive: (event) => current().receive(event),
    runWorker: () => current().runWorker(),
    worker: (event) => current().worker(event),
    maintain: () => current().maintain(),
    reset: () => current().reset(),
    stop: () => current().stop(),
  };
}
