import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startDynalite } from "../support/dynalite-server.js";
import { DynamoDbFaultProxy } from "./dynamodb-fault-proxy.js";
import { ForwardingProxy } from "./forwarding-proxy.js";
import { GitHubFake } from "./github-fake.js";
import { SlackFake } from "./slack-fake.js";
import { SqsFake } from "./sqs-fake.js";

const BOT_TOKEN = "xoxb-fault-test";
const GITHUB_TOKEN = "ghp_faulttest";
const CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };
/** Long enough for a loopback answer, short enough to prove that none came. */
const NO_ANSWER_WITHIN_MS = 300;

/** Resolves to how a request ended: its status, or the name of the error it failed with. */
async function outcome(request: Promise<Response>): Promise<number | string> {
  try {
    return (await request).status;
  } catch (error) {
    return (error as Error).name;
  }
}

describe("Slack fake faults", () => {
  const slack = new SlackFake(BOT_TOKEN);
  const client = () => new WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  beforeAll(() => slack.start());
  afterAll(() => slack.stop());
  beforeEach(() => slack.reset());

  it("answers a method with a Slack error code, records the attempt, then behaves normally again", async () => {
    slack.failNext("chat.update", { error: "message_not_found" });

    await expect(client().chat.update({ channel: "DU1", ts: "1.000001", text: "x" })).rejects.toMatchObject({
      code: "slack_webapi_platform_error",
      data: { ok: false, error: "message_not_found" },
    });
    await expect(client().chat.update({ channel: "DU1", ts: "1.000001", text: "y" })).resolves.toMatchObject({
      ok: true,
    });
    expect(slack.callsTo("chat.update").map((c) => c.fault)).toEqual([{ error: "message_not_found" }, undefined]);
  });

  it("fails as many consecutive calls as `times` says", async () => {
    slack.failNext("chat.postMessage", { error: "channel_not_found" }, 2);

    const results = [];
    for (let i = 0; i < 3; i++) {
      results.push(
        await client()
          .chat.postMessage({ channel: "U1", text: "hi" })
          .then((r) => r.ok)
          .catch((e) => e.data.error),
      );
    }
    expect(results).toEqual(["channel_not_found", "channel_not_found", true]);
  });

  it("does not count a failed post among the messages a user got", async () => {
    slack.failNext("chat.postMessage", { error: "not_in_channel" });

    await client()
      .chat.postMessage({ channel: "U1", text: "lost" })
      .catch(() => {});
    await client().chat.postMessage({ channel: "U1", text: "delivered" });

    expect(slack.messagesTo("U1").map((m) => m.text)).toEqual(["delivered"]);
    expect(slack.callsTo("chat.postMessage")).toHaveLength(2);
  });

  it("answers an HTTP 503 with its Retry-After header, which the WebClient reports as an HTTP error", async () => {
    slack.failNext("chat.postMessage", { status: 503, retryAfter: 3 });
    slack.failNext("chat.postMessage", { status: 503 });

    const raw = await fetch(`${slack.apiUrl}chat.postMessage`, { method: "POST" });
    expect([raw.status, raw.headers.get("retry-after")]).toEqual([503, "3"]);
    await expect(client().chat.postMessage({ channel: "U1", text: "x" })).rejects.toMatchObject({
      code: "slack_webapi_http_error",
      statusCode: 503,
    });
  });

  it("answers 429 with Retry-After and `ratelimited`, which the WebClient reports as a rate limit", async () => {
    slack.failNext("users.info", { status: 429, retryAfter: 7 });

    const rejecting = new WebClient(BOT_TOKEN, {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
    await expect(rejecting.users.info({ user: "U1" })).rejects.toMatchObject({
      code: "slack_webapi_rate_limited_error",
      retryAfter: 7,
    });
  });

  it("leaves a hung method without an answer, recorded as attempted", async () => {
    slack.failNext("chat.postMessage", "hang");

    const result = await outcome(
      fetch(`${slack.apiUrl}chat.postMessage`, {
        method: "POST",
        headers: { authorization: `Bearer ${BOT_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ channel: "U1", text: "x" }),
        signal: AbortSignal.timeout(NO_ANSWER_WITHIN_MS),
      }),
    );

    expect(result).toBe("TimeoutError");
    expect(slack.callsTo("chat.postMessage")).toMatchObject([{ fault: "hang", params: { text: "x" } }]);
  });

  it("drops hung connections and forgets pending faults on reset", async () => {
    slack.failNext("auth.test", "hang");
    slack.failNext("auth.test", { error: "invalid_auth" });
    const hung = outcome(fetch(`${slack.apiUrl}auth.test`, { method: "POST" }));
    await until(() => slack.callsTo("auth.test").length === 1);

    slack.reset();

    expect(await hung).toBe("TypeError"); // fetch's "fetch failed": the connection was dropped
    await expect(client().auth.test()).resolves.toMatchObject({ ok: true });
  });

  it("drops hung connections on stop, so a client never waits past the test", async () => {
    const own = await new SlackFake(BOT_TOKEN).start();
    own.failNext("auth.test", "hang");
    const hung = outcome(fetch(`${own.apiUrl}auth.test`, { method: "POST" }));
    await until(() => own.callsTo("auth.test").length === 1);

    await own.stop();

    expect(await hung).toBe("TypeError");
  });

  it("fails response_url posts, keeps them as attempts, and does not count them as delivered", async () => {
    slack.failResponses({ status: 500 });
    slack.failResponses("hang");
    const post = (text: string, signal?: AbortSignal) =>
      fetch(slack.responseUrl("click"), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text }),
        ...(signal ? { signal } : {}),
      });

    expect(await outcome(post("first"))).toBe(500);
    expect(await outcome(post("second", AbortSignal.timeout(NO_ANSWER_WITHIN_MS)))).toBe("TimeoutError");
    expect(await outcome(post("third"))).toBe(200);

    expect(slack.responsesAt("click")).toEqual([{ text: "third" }]);
    expect(slack.responses.map((r) => r.fault)).toEqual([{ status: 500 }, "hang", undefined]);
  });

  it("describes guests and Slack Connect users in users.info as Slack does", async () => {
    slack.addUsers(
      { id: "UMEMBER", name: "Member" },
      { id: "UGUEST", restricted: true },
      { id: "USINGLE", ultraRestricted: true },
      { id: "UOTHER", teamId: "T0OTHER" },
    );
    const user = async (id: string) => (await client().users.info({ user: id })).user;

    expect(await user("UMEMBER")).toMatchObject({ team_id: "T0001", is_restricted: false, is_ultra_restricted: false });
    expect(await user("UGUEST")).toMatchObject({ is_restricted: true, is_ultra_restricted: false });
    expect(await user("USINGLE")).toMatchObject({ is_restricted: true, is_ultra_restricted: true });
    expect(await user("UOTHER")).toMatchObject({ team_id: "T0OTHER", is_restricted: false });
  });
});

describe("GitHub fake hangs", () => {
  const github = new GitHubFake("acme", GITHUB_TOKEN);
  const getMember = (signal?: AbortSignal) =>
    fetch(`${github.url}/orgs/acme/members/octocat`, {
      headers: { authorization: `token ${GITHUB_TOKEN}` },
      ...(signal ? { signal } : {}),
    });
  beforeAll(() => github.start());
  afterAll(() => github.stop());
  beforeEach(() => {
    github.reset();
    github.members.add("octocat");
  });

  it("leaves a hung operation without an answer, then answers the next call normally", async () => {
    github.hang("get", "/orgs/{org}/members/{username}");

    expect(await outcome(getMember(AbortSignal.timeout(NO_ANSWER_WITHIN_MS)))).toBe("TimeoutError");
    expect(await outcome(getMember())).toBe(204);
    expect(github.callsTo("get", "/orgs/{org}/members/{username}").map((c) => c.hung)).toEqual([true, undefined]);
  });

  it("hangs before any scripted answer, and still checks the answers it gives against the contract", async () => {
    github.hang("get", "/orgs/{org}/members/{username}");
    github.script("get", "/orgs/{org}/members/{username}", { status: 200, body: { not: "documented" } });

    expect(await outcome(getMember(AbortSignal.timeout(NO_ANSWER_WITHIN_MS)))).toBe("TimeoutError");
    expect(github.contractViolations).toEqual([]);
    expect(await outcome(getMember())).toBe(200);
    expect(github.contractViolations).not.toEqual([]);
  });

  it("drops hung connections and forgets pending hangs on reset", async () => {
    github.hang("get", "/orgs/{org}/members/{username}", 2);
    const hung = outcome(getMember());
    await until(() => github.calls.length === 1);

    github.reset();
    github.members.add("octocat");

    expect(await hung).toBe("TypeError");
    expect(await outcome(getMember())).toBe(204);
  });
});

describe("DynamoDB fault proxy", () => {
  const TABLE = "faults";
  let dynalite: Awaited<ReturnType<typeof startDynalite>>;
  let proxy: DynamoDbFaultProxy;
  /** `maxAttempts: 1` shows each fault as the SDK sees it; the default client shows the SDK's retries. */
  const client = (maxAttempts?: number) =>
    new DynamoDBClient({
      endpoint: proxy.endpoint,
      region: "us-east-1",
      credentials: CREDENTIALS,
      ...(maxAttempts ? { maxAttempts } : {}),
    });
  const put = (id: string, dynamodb = client(1)) =>
    dynamodb.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: id } } }));
  const stored = async (id: string) =>
    (await dynalite.client.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: id } } }))).Item !== undefined;

  beforeAll(async () => {
    dynalite = await startDynalite();
    proxy = await DynamoDbFaultProxy.start(dynalite.endpoint);
    await dynalite.client.send(
      new CreateTableCommand({
        TableName: TABLE,
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
  });
  afterAll(async () => {
    await proxy.stop();
    await dynalite.close();
  });
  beforeEach(() => proxy.reset());

  it("passes calls through to dynalite and counts them per operation", async () => {
    await put("a");
    await client().send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: "a" } } }));

    expect(await stored("a")).toBe(true);
    expect(proxy.counts).toEqual({ PutItem: 1, GetItem: 1 });
    expect(proxy.callsTo("DynamoDB_20120810.PutItem")[0]?.input).toMatchObject({ Item: { pk: { S: "a" } } });
  });

  it("throttles a call as ProvisionedThroughputExceededException, without writing", async () => {
    proxy.failCall("PutItem", { fault: "throttle" });

    await expect(put("throttled")).rejects.toMatchObject({
      name: "ProvisionedThroughputExceededException",
      $metadata: { httpStatusCode: 400 },
    });
    expect(await stored("throttled")).toBe(false);
    expect(proxy.callsTo("PutItem")).toMatchObject([{ fault: "throttle" }]);
  });

  it("fails an internal error as InternalServerError (500)", async () => {
    proxy.failCall("PutItem", { fault: "internal" });

    await expect(put("internal")).rejects.toMatchObject({
      name: "InternalServerError",
      $metadata: { httpStatusCode: 500 },
    });
  });

  it("fails the nth matching call only", async () => {
    proxy.failCall("PutItem", { nth: 2, fault: "throttle" });

    const results = [];
    for (const id of ["n1", "n2", "n3"])
      results.push(
        await put(id).then(
          () => "ok",
          (e: Error) => e.name,
        ),
      );

    expect(results).toEqual(["ok", "ProvisionedThroughputExceededException", "ok"]);
  });

  it("counts only the calls a rule's match accepts", async () => {
    proxy.failCall("PutItem", { fault: "internal", match: (input) => JSON.stringify(input).includes("HISTORY#") });

    await put("REQUEST#1");
    await expect(put("HISTORY#1")).rejects.toMatchObject({ name: "InternalServerError" });
    await put("HISTORY#2");
  });

  it("is retried by the AWS SDK, so failing fewer calls than its attempts goes unnoticed", async () => {
    proxy.failCall("PutItem", { fault: "throttle", times: 1 });

    const answer = await put("retried", client(2));

    expect(answer.$metadata.attempts).toBe(2);
    expect(await stored("retried")).toBe(true);
  });

  it("fails the call for good when `times` covers every attempt of the SDK", async () => {
    proxy.failCall("PutItem", { fault: "internal", times: 2 });

    await expect(put("exhausted", client(2))).rejects.toMatchObject({
      name: "InternalServerError",
      $metadata: { attempts: 2 },
    });
    expect(await stored("exhausted")).toBe(false);
  });

  it("needs `times: 4` to defeat a default DynamoDB client, which makes 4 attempts", async () => {
    expect(await client().config.maxAttempts()).toBe(4);
  });

  it("leaves a hung call without an answer, which only the client's own deadline ends", async () => {
    proxy.failCall("GetItem", { fault: "hang" });

    await expect(
      client(1).send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: "a" } } }), {
        abortSignal: AbortSignal.timeout(NO_ANSWER_WITHIN_MS),
      }),
    ).rejects.toMatchObject({ name: expect.stringMatching(/Abort|Timeout/) });
    expect(proxy.callsTo("GetItem")).toMatchObject([{ fault: "hang" }]);
  });

  it("drops hung connections and forgets pending faults on reset", async () => {
    proxy.failCall("PutItem", { fault: "hang", times: 2 });
    const hung = put("hung").then(
      () => "answered",
      (e: Error) => e.name,
    );
    await until(() => proxy.calls.length === 1);

    proxy.reset();

    expect(await hung).not.toBe("answered");
    await put("after");
    expect(await stored("after")).toBe(true);
  });
});

describe("SQS fake faults and redelivery", () => {
  const sqs = new SqsFake();
  const client = (maxAttempts = 1) =>
    new SQSClient({ endpoint: sqs.url, region: "us-east-1", credentials: CREDENTIALS, maxAttempts });
  const send = (body: string, sqsClient = client()) =>
    sqsClient.send(new SendMessageCommand({ QueueUrl: sqs.queueUrl, MessageBody: body }));
  beforeAll(() => sqs.start());
  afterAll(() => sqs.stop());
  beforeEach(() => sqs.reset());

  it("throttles SendMessage as RequestThrottled without queuing the message", async () => {
    sqs.failSend("throttle");

    await expect(send("job")).rejects.toMatchObject({ name: "RequestThrottled", $metadata: { httpStatusCode: 400 } });
    expect([sqs.depth, sqs.sent, sqs.sendAttempts]).toEqual([0, [], [{ body: "job", fault: "throttle" }]]);
  });

  it("fails SendMessage with a 500 InternalError", async () => {
    sqs.failSend("internal");

    await expect(send("job")).rejects.toMatchObject({ $metadata: { httpStatusCode: 500 } });
  });

  it("leaves a hung SendMessage without an answer", async () => {
    sqs.failSend("hang");

    await expect(
      client().send(new SendMessageCommand({ QueueUrl: sqs.queueUrl, MessageBody: "job" }), {
        abortSignal: AbortSignal.timeout(NO_ANSWER_WITHIN_MS),
      }),
    ).rejects.toMatchObject({ name: expect.stringMatching(/Abort|Timeout/) });
    expect(sqs.depth).toBe(0);
  });

  it("queues an unanswered SendMessage's message although the sender never hears back", async () => {
    sqs.failSend("unanswered");

    await expect(
      client().send(new SendMessageCommand({ QueueUrl: sqs.queueUrl, MessageBody: "job" }), {
        abortSignal: AbortSignal.timeout(NO_ANSWER_WITHIN_MS),
      }),
    ).rejects.toMatchObject({ name: expect.stringMatching(/Abort|Timeout/) });
    expect([sqs.depth, sqs.sent, sqs.sendAttempts]).toEqual([1, ["job"], [{ body: "job", fault: "unanswered" }]]);
  });

  it("keeps an abandoned message in flight until its visibility runs out, then delivers it again", async () => {
    await send("job");
    const { messages } = sqs.receive();

    expect([sqs.depth, sqs.inFlightMessages.length]).toEqual([0, 1]);
    sqs.redeliver(messages[0]?.messageId ?? "");

    const again = sqs.receive();
    expect(again.event.Records[0]?.attributes.ApproximateReceiveCount).toBe("2");
  });

  it("moves a message received maxReceiveCount times to the dead letters instead", async () => {
    sqs.maxReceiveCount = 2;
    await send("job");
    sqs.receive();
    sqs.expireVisibility();
    sqs.receive();
    sqs.expireVisibility();

    expect([sqs.depth, sqs.deadLetters.map((m) => [m.body, m.receiveCount])]).toEqual([0, [["job", 2]]]);
  });
});

describe("a cut forwarding proxy", () => {
  it("stops everything behind it for good: no answer to calls in flight or later, even when the target drops them", async () => {
    const slack = await new SlackFake(BOT_TOKEN).start();
    const route = await new ForwardingProxy(slack.url).start();
    slack.failNext("auth.test", "hang");
    const inFlight = outcome(fetch(`${route.url}/api/auth.test`, { method: "POST" }));
    await until(() => slack.calls.length === 1);

    route.cut();
    slack.reset(); // drops the hung connection between the proxy and the fake
    const later = outcome(fetch(`${route.url}/api/auth.test`, { method: "POST" }));
    const first = await Promise.race([inFlight, later, sleep(NO_ANSWER_WITHIN_MS).then(() => "no answer")]);

    expect(first).toBe("no answer");
    expect(slack.calls).toHaveLength(0);
    await route.stop();
    await slack.stop();
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(2);
  }
}
