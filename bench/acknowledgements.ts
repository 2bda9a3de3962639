import { type ChildProcess, fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { APIGatewayProxyEventV2, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { ACTIONS } from "../src/slack/blocks/slack-message.js";
import { GitHubFake } from "../test/fakes/github-fake.js";
import { SlackFake } from "../test/fakes/slack-fake.js";
import type { QueuedMessage } from "../test/fakes/sqs-fake.js";
import { recreateTable } from "../test/support/dynalite-server.js";
import { RoundTripGate } from "../test/support/round-trip-gate.js";
import { appHomeOpened, buttonClick, SIGNING_SECRET, slashCommand } from "../test/support/slack-requests.js";
import type { StandInAddresses, StandInRequest } from "./aws-stand-ins.js";
import type { Bundles } from "./build-bundles.js";
import { type LatencyProxy, startLatencyProxy } from "./latency-proxy.js";
import { shuffled } from "./statistics.js";
import { measuringStolenTime } from "./stolen-time.js";

/** Round-trip times the model adds to every request, as in the issue: same-region AWS, Slack across the internet. */
export const LATENCY_MS = { dynamodb: 5, sqs: 10, slack: 60 } as const;

const ORG = "acme";
const BOT_TOKEN = "xoxb-bench-bot-token";
const GITHUB_TOKEN = "ghp_benchtoken0123456789";
const TABLE_NAME = "copilot-seat-bot-bench";
const MANAGER = "UMANAGER01";
const ADMIN = "UADMIN0001";

export interface AcknowledgementFigures {
  /** Milliseconds, one per round. */
  requestAcks: number[];
  approveAcks: number[];
  /** The minimal Bolt ack-only handler, under the same latency model, for commands and clicks. */
  baselineAcks: number[];
  /**
   * The same handler waiting on the round trips the bot's acknowledgement makes before it acknowledges: DynamoDB and
   * then SQS for a command, SQS alone for a click. The least those take on this machine, its scheduling noise
   * included.
   */
  floorRequestAcks: number[];
  floorApproveAcks: number[];
  githubCallsFiling: number;
  githubCallsApproval: number;
  /** Once a subscription summary is stored, as the maintenance sweep keeps it. */
  githubCallsAdminHome: number;
  /** The listing the first admin Home open queued, with no summary stored yet, over `seats` seats. */
  githubCallsFirstSummary: number;
  seats: number;
  /** Slack Web API and response_url calls made while the acknowledgements above were being answered. */
  slackCallsOnAcks: number;
  /** DynamoDB and SQS requests per acknowledgement, sequential or not. */
  awsRequestsPerRequestAck: number;
  awsRequestsPerApproveAck: number;
  /**
   * The most sequential round trips to DynamoDB and SQS one acknowledgement waited for, counted on a few extra
   * requests and clicks sent to a container of their own whose calls pass a `RoundTripGate` (not timed).
   */
  awsRoundTripsPerRequestAck: number;
  awsRoundTripsPerApproveAck: number;
  /** The share of the machine's CPU time the hypervisor took away during the timed rounds (Linux only). */
  stolenDuringRequests?: number;
  stolenDuringApprovals?: number;
}

/** Requests and clicks whose round trips are counted, beside the timed ones. */
const COUNTED_ROUNDS = 5;

/**
 * Requests and clicks sent to the timed containers (the bot's and the baselines') before the timing starts, so that
 * the p99 describes a container that has run its request and approval code before rather than the just-in-time
 * compiler's first passes over it: the first acknowledgement of a fresh container is the cold-start figure's.
 */
const WARM_UP_ROUNDS = 20;

interface Invocation {
  ms: number;
  statusCode?: number;
  body?: string;
  error?: string;
}

/** A warm container of one bundle in its own process, with its own environment. */
class LambdaHost {
  private readonly pending = new Map<string, (result: Invocation) => void>();

  private constructor(private readonly child: ChildProcess) {
    child.on("message", (message: Invocation & { id?: string }) => {
      if (message.id) this.pending.get(message.id)?.(message);
    });
  }

  static async start(file: string, env: Record<string, string>): Promise<LambdaHost> {
    const child = fork(fileURLToPath(new URL("./lambda-host.mjs", import.meta.url)), [file], {
      env,
      execArgv: [],
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    await new Promise<void>((resolve, reject) => {
      child.once("message", () => resolve());
      // Its stderr only matters when it fails to start (the AWS SDK warns about Node.js 20 on every start).
      let stderr = "";
      child.stderr?.on("data", (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-4000);
      });
      child.once("exit", (code) => reject(new Error(`The Lambda host for ${file} exited (${code}): ${stderr}`)));
    });
    return new LambdaHost(child);
  }

  invoke(event: APIGatewayProxyEventV2): Promise<Invocation> {
    const id = randomUUID();
    return new Promise((resolve) => {
      this.pending.set(id, (result) => {
        this.pending.delete(id);
        resolve(result);
      });
      this.child.send({ id, event });
    });
  }

  stop(): void {
    this.child.kill();
  }
}

type StandInQuestion = StandInRequest extends infer R ? (R extends { id: number } ? Omit<R, "id"> : never) : never;
type Worker = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

/** DynamoDB and SQS answering after the latency model's round trip, in their own process (`aws-stand-ins.ts` says why). */
class AwsStandIns {
  private readonly pending = new Map<number, (result: unknown) => void>();
  private nextId = 0;

  private constructor(
    private readonly child: ChildProcess,
    readonly addresses: StandInAddresses,
  ) {
    child.on("message", (message: { id?: number; result?: unknown }) => {
      if (message.id !== undefined) this.pending.get(message.id)?.(message.result);
    });
  }

  static async start(): Promise<AwsStandIns> {
    const child = fork(
      fileURLToPath(new URL("./aws-stand-ins.ts", import.meta.url)),
      [String(LATENCY_MS.dynamodb), String(LATENCY_MS.sqs)],
      { execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "inherit", "ipc"] },
    );
    const addresses = await new Promise<StandInAddresses>((resolve, reject) => {
      child.once("message", (message: { ready: StandInAddresses }) => resolve(message.ready));
      child.once("exit", (code) => reject(new Error(`The AWS stand-ins exited (${code}) before they were ready`)));
    });
    return new AwsStandIns(child, addresses);
  }

  private ask<T>(question: StandInQuestion): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, (result) => {
        this.pending.delete(id);
        resolve(result as T);
      });
      this.child.send({ id, ...question });
    });
  }

  /** DynamoDB and SQS requests made to the delayed ports so far: the acknowledgements' requests. */
  requests(): Promise<number> {
    return this.ask({ op: "requests" });
  }

  /** Delivers queued jobs to the worker in batches, as Lambda's event source mapping does, until none is left. */
  async drain(worker: Worker, maxRounds: number): Promise<void> {
    for (let round = 0; round < maxRounds; round++) {
      const { messages, event } = await this.ask<{ messages: QueuedMessage[]; event: SQSEvent }>({ op: "receive" });
      if (messages.length === 0) return;
      const depth = await this.ask<number>({ op: "settle", messages, response: await worker(event) });
      if (depth === 0) return;
    }
    throw new Error(`The job queue still holds messages after ${maxRounds} rounds`);
  }

  stop(): void {
    this.child.kill();
  }
}

function expectOk(what: string, result: Invocation): number {
  if (result.error || result.statusCode !== 200) {
    throw new Error(`${what} was not acknowledged: ${result.error ?? `${result.statusCode} ${result.body ?? ""}`}`);
  }
  return result.ms;
}

/**
 * Runs `work` with this process's output dropped: the worker logs and publishes metrics for every job, which would
 * bury the table. Its failures still surface, as jobs left on the queue and counts that do not add up.
 */
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const { stdout, stderr } = process;
  const writes = [stdout.write, stderr.write];
  const drop = (() => true) as typeof stdout.write;
  stdout.write = drop;
  stderr.write = drop;
  try {
    return await work();
  } finally {
    [stdout.write, stderr.write] = writes as [typeof stdout.write, typeof stderr.write];
  }
}

const requesterId = (i: number) => `UREQ${String(i).padStart(6, "0")}`;
const loginOf = (i: number) => `bench-dev-${i}`;

/**
 * The acknowledgement paths people wait on, under the latency model: `/copilot request` filed inline, and the
 * manager's Approve click, each against the Slack-facing bundle in a warm container of its own; the worker runs
 * in this process without added latency, since nobody waits on it.
 */
export async function measureAcknowledgements(bundles: Bundles, rounds: number): Promise<AcknowledgementFigures> {
  const aws = await AwsStandIns.start();
  const dynamodb = new DynamoDBClient({
    endpoint: aws.addresses.dynamodb.direct,
    region: "us-east-1",
    credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
  });
  const github = await new GitHubFake(ORG, GITHUB_TOKEN).start();
  const slack = await new SlackFake(BOT_TOKEN).start();
  const proxies: LatencyProxy[] = [];
  const hosts: LambdaHost[] = [];
  const gate = await new RoundTripGate().start(2);
  try {
    await recreateTable(dynamodb, TABLE_NAME);
    const delayed = {
      dynamodb: { url: aws.addresses.dynamodb.delayed },
      sqs: { url: aws.addresses.sqs.delayed },
      // Slack stays in this process: no acknowledgement waits on it.
      slack: await startLatencyProxy(slack.url, LATENCY_MS.slack),
    };
    proxies.push(delayed.slack);
    const environment = (endpoints: { dynamodb: string; sqs: string; slack: string }) => ({
      PATH: process.env.PATH ?? "",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: `${endpoints.slack}/api/`,
      GITHUB_ORG: ORG,
      GITHUB_TOKEN,
      GITHUB_API_URL: github.url,
      GITHUB_RETRY_BASE_MS: "1",
      COPILOT_ADMIN_IDS: ADMIN,
      DYNAMODB_ENDPOINT: endpoints.dynamodb,
      TABLE_NAME,
      JOB_QUEUE_URL: aws.addresses.sqs.queueUrl,
      AWS_ENDPOINT_URL_SQS: endpoints.sqs,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "bench",
      AWS_SECRET_ACCESS_KEY: "bench",
      POWERTOOLS_LOG_LEVEL: "ERROR",
      POWERTOOLS_METRICS_DISABLED: "true",
    });

    // The worker, from source, in this process: configured once, on its first job, from this environment.
    Object.assign(
      process.env,
      environment({ dynamodb: aws.addresses.dynamodb.direct, sqs: aws.addresses.sqs.direct, slack: slack.url }),
    );
    delete process.env.SECRET_NAME;
    const workerFunction = await import("../functions/worker.js");
    const worker = (event: SQSEvent) =>
      quietly(() => workerFunction.handler(event)) as Promise<SQSBatchResponse | undefined>;

    const hostEnvironment = environment({
      dynamodb: delayed.dynamodb.url,
      sqs: delayed.sqs.url,
      slack: delayed.slack.url,
    });
    const bot = await LambdaHost.start(bundles.slackEvents.file, {
      ...hostEnvironment,
      ...(bundles.slackEvents.nodeOptions ? { NODE_OPTIONS: bundles.slackEvents.nodeOptions } : {}),
    });
    const baseline = await LambdaHost.start(bundles.minimalBolt.file, hostEnvironment);
    const floor = await LambdaHost.start(bundles.roundTrips.file, hostEnvironment);
    // Behind the same latency, through the gate that counts round trips.
    gate.target(0, delayed.dynamodb.url);
    gate.target(1, delayed.sqs.url);
    const counted = await LambdaHost.start(bundles.slackEvents.file, {
      ...hostEnvironment,
      DYNAMODB_ENDPOINT: gate.url(0),
      AWS_ENDPOINT_URL_SQS: gate.url(1),
      ...(bundles.slackEvents.nodeOptions ? { NODE_OPTIONS: bundles.slackEvents.nodeOptions } : {}),
    });
    hosts.push(bot, baseline, floor, counted);
    const baselineAcks: number[] = [];
    /** One timed acknowledgement by a baseline handler, into its samples (the ack-only handler's are all in one). */
    const timeBaseline = async (kind: "baseline" | "floor", event: APIGatewayProxyEventV2, floorSamples: number[]) => {
      if (kind === "baseline")
        baselineAcks.push(expectOk("an event to the ack-only handler", await baseline.invoke(event)));
      else floorSamples.push(expectOk("an event to the round-trip handler", await floor.invoke(event)));
    };
    const warmBaselines = async (event: APIGatewayProxyEventV2) => {
      for (const host of [baseline, floor]) expectOk("an event to a baseline", await host.invoke(event));
    };

    slack.addUsers({ id: MANAGER, name: "Manager" }, { id: ADMIN, name: "Admin" });
    const filed = rounds + COUNTED_ROUNDS + WARM_UP_ROUNDS;
    for (let i = 0; i < filed; i++) {
      slack.addUsers({ id: requesterId(i), name: `Requester ${i}` });
      github.members.add(loginOf(i));
    }
    // response_url points at Slack too, so it goes through Slack's latency.
    const responseUrl = (name: string) => `${delayed.slack.url}/response/${name}`;
    const help = (user: string) => slashCommand({ userId: user, text: "help", responseUrl: responseUrl("help") });
    // Warm every container past its first (cold) invocation.
    for (let i = 0; i < 3; i++) {
      expectOk("help", await bot.invoke(help(requesterId(i))));
      await warmBaselines(help(requesterId(i)));
      expectOk("help", await counted.invoke(help(requesterId(i))));
    }

    const requestEvent = (i: number) =>
      slashCommand({
        userId: requesterId(i),
        text: `request ${loginOf(i)} <@${MANAGER}> Pairing on the payments service`,
        responseUrl: responseUrl(`request-${i}`),
      });
    // The baselines get the same warm-up, so that both sides of each ratio describe warm code.
    for (let i = rounds + COUNTED_ROUNDS; i < filed; i++) {
      expectOk("/copilot request", await bot.invoke(requestEvent(i)));
      await warmBaselines(requestEvent(i));
    }

    const awsRequests = () => aws.requests();
    let awsOnRequests = 0;
    let awsOnApprovals = 0;
    const slackCallsBefore = slack.calls.length + slack.responses.length;
    const requestAcks: number[] = [];
    const floorRequestAcks: number[] = [];
    const { stolenShare: stolenDuringRequests } = await measuringStolenTime(async () => {
      for (const [kind, i] of shuffled(
        Array.from({ length: rounds }, (_, i) => [
          ["bot", i] as const,
          ["baseline", i] as const,
          ["floor", i] as const,
        ]).flat(),
      )) {
        const event = requestEvent(i);
        if (kind === "bot") {
          const before = await awsRequests();
          requestAcks.push(expectOk("/copilot request", await bot.invoke(event)));
          awsOnRequests += (await awsRequests()) - before;
        } else await timeBaseline(kind, event, floorRequestAcks);
      }
    });
    const slackCallsOnRequests = slack.calls.length + slack.responses.length - slackCallsBefore;
    let awsRoundTripsPerRequestAck = 0;
    for (let i = rounds; i < rounds + COUNTED_ROUNDS; i++) {
      const { result, sequential } = await gate.count(() => counted.invoke(requestEvent(i)));
      expectOk("/copilot request", result);
      awsRoundTripsPerRequestAck = Math.max(awsRoundTripsPerRequestAck, sequential);
    }

    let githubCalls = github.calls.length;
    await aws.drain(worker, 50);
    const githubCallsFiling = (github.calls.length - githubCalls) / filed;

    const approvals = slack
      .callsTo("chat.postMessage")
      .filter((call) => call.params.channel === MANAGER || call.params.channel === `D${MANAGER}`)
      .flatMap((call) => (call.params.blocks ?? []) as { elements?: { action_id?: string; value?: string }[] }[])
      .flatMap((block) => block.elements ?? [])
      .filter((element) => element.action_id === ACTIONS.approve && element.value)
      .map((element) => element.value as string);
    if (approvals.length !== filed) {
      throw new Error(`Expected ${filed} Approve buttons in the manager's messages, found ${approvals.length}`);
    }
    const approveClick = (value: string, name: string, ts: string) =>
      buttonClick({
        userId: MANAGER,
        actionId: ACTIONS.approve,
        value,
        responseUrl: responseUrl(name),
        message: { channel: `D${MANAGER}`, ts },
      });
    for (const [n, value] of approvals.slice(rounds + COUNTED_ROUNDS).entries()) {
      const click = approveClick(value, `approve-warm-up-${n}`, `1700000002.${n}`);
      expectOk("Approve", await bot.invoke(click));
      await warmBaselines(click);
    }

    const approveAcks: number[] = [];
    const floorApproveAcks: number[] = [];
    const slackCallsBeforeApprovals = slack.calls.length + slack.responses.length;
    const timedApprovals = approvals.slice(0, rounds);
    const { stolenShare: stolenDuringApprovals } = await measuringStolenTime(async () => {
      for (const [kind, i] of shuffled(
        timedApprovals.flatMap((_, i) => [["bot", i] as const, ["baseline", i] as const, ["floor", i] as const]),
      )) {
        const click = approveClick(approvals[i] as string, `approve-${i}`, `1700000000.${String(i).padStart(6, "0")}`);
        if (kind === "bot") {
          const before = await awsRequests();
          approveAcks.push(expectOk("Approve", await bot.invoke(click)));
          awsOnApprovals += (await awsRequests()) - before;
        } else await timeBaseline(kind, click, floorApproveAcks);
      }
    });
    const slackCallsOnApprovals = slack.calls.length + slack.responses.length - slackCallsBeforeApprovals;
    let awsRoundTripsPerApproveAck = 0;
    for (const [n, value] of approvals.slice(rounds, rounds + COUNTED_ROUNDS).entries()) {
      const click = approveClick(value, `approve-counted-${n}`, `1700000001.${String(n).padStart(6, "0")}`);
      const { result, sequential } = await gate.count(() => counted.invoke(click));
      expectOk("Approve", result);
      awsRoundTripsPerApproveAck = Math.max(awsRoundTripsPerApproveAck, sequential);
    }

    githubCalls = github.calls.length;
    await aws.drain(worker, 50);
    const githubCallsApproval = (github.calls.length - githubCalls) / filed;
    const seated = [...github.seats.keys()].filter((login) => login.startsWith("bench-dev-")).length;
    if (seated !== filed) {
      throw new Error(`Expected ${filed} seats after the approvals, found ${seated}`);
    }

    // An admin opening the Home tab: what it costs in GitHub calls, the acknowledgement and the worker's redraw. The
    // first open finds no subscription summary stored yet and queues the listing that stores it, which the
    // maintenance sweep otherwise does: counted apart, since it grows with the number of seats, once.
    const openHome = async () => {
      expectOk("app_home_opened", await bot.invoke(appHomeOpened({ userId: ADMIN, eventId: `Ev${randomUUID()}` })));
      await aws.drain(worker, 50);
    };
    githubCalls = github.calls.length;
    await openHome();
    const githubCallsFirstSummary = github.calls.length - githubCalls;
    const homeOpens = 5;
    githubCalls = github.calls.length;
    for (let i = 0; i < homeOpens; i++) await openHome();
    const githubCallsAdminHome = (github.calls.length - githubCalls) / homeOpens;

    return {
      requestAcks,
      approveAcks,
      baselineAcks,
      floorRequestAcks,
      floorApproveAcks,
      githubCallsFiling,
      githubCallsApproval,
      githubCallsAdminHome,
      githubCallsFirstSummary,
      seats: github.seats.size,
      slackCallsOnAcks: slackCallsOnRequests + slackCallsOnApprovals,
      awsRequestsPerRequestAck: awsOnRequests / rounds,
      awsRequestsPerApproveAck: awsOnApprovals / rounds,
      awsRoundTripsPerRequestAck,
      awsRoundTripsPerApproveAck,
      ...(stolenDuringRequests === undefined ? {} : { stolenDuringRequests }),
      ...(stolenDuringApprovals === undefined ? {} : { stolenDuringApprovals }),
    };
  } finally {
    for (const host of hosts) host.stop();
    await gate.stop();
    await Promise.all(proxies.map((proxy) => proxy.close()));
    dynamodb.destroy();
    aws.stop();
    await Promise.all([github.stop(), slack.stop()]);
  }
}
