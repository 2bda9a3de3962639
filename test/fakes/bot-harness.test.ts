import { describe, expect, it } from "vitest";
import { lambdaContextWithTimeout, useBot } from "../support/bot-under-test.js";
import { slashCommand } from "../support/slack-requests.js";

const REQUESTER = "UREQUEST1";
const MANAGER = "UMANAGER1";
const MEMBERSHIP = "/orgs/{org}/members/{username}";

const bot = useBot((fresh) => {
  fresh.slack.addUsers({ id: REQUESTER, name: "Rita Requester" }, { id: MANAGER, name: "Max Manager" });
  fresh.github.members.add("octocat");
});

async function fileRequest() {
  const response = await bot.receive(
    slashCommand({
      userId: REQUESTER,
      text: `request octocat <@${MANAGER}|max> I write TypeScript all day`,
      responseUrl: bot.slack.responseUrl("cmd"),
    }),
  );
  expect(response.statusCode).toBe(200);
}

describe("the bot under test", () => {
  it("sends the bot's DynamoDB calls through the fault proxy, while test assertions read dynalite past it", async () => {
    await fileRequest();
    expect(bot.dynamodb.calls.length).toBeGreaterThan(0);

    for (const operation of ["GetItem", "Query", "Scan"])
      bot.dynamodb.failCall(operation, { fault: "hang", times: 99 });

    expect(await bot.store.listByRequester(REQUESTER, 10)).toHaveLength(1);
  });

  it("abandons a worker invocation mid-job and redelivers its message, with a higher receive count, to a fresh container", async () => {
    await fileRequest();
    bot.github.hang("get", MEMBERSHIP);

    const abandoned = await bot.abandonWorker(() => bot.github.callsTo("get", MEMBERSHIP).length === 1);

    expect(abandoned.settled).toBe(false);
    expect([bot.sqs.depth, abandoned.messages.map((m) => m.receiveCount)]).toEqual([1, [1]]);
    await bot.runWorker();
    expect(bot.slack.messagesTo(MANAGER)).toHaveLength(1);
  });

  it("keeps an abandoned container silent for good, even after the fakes drop its hung calls", async () => {
    await fileRequest();
    bot.github.hang("get", MEMBERSHIP);
    await bot.abandonWorker(() => bot.github.callsTo("get", MEMBERSHIP).length === 1);
    await bot.runWorker();
    const dynamodbCalls = bot.dynamodb.calls.length;

    bot.github.reset(); // drops the dead container's hung membership check
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect([bot.github.calls.length, bot.dynamodb.calls.length]).toEqual([0, dynamodbCalls]);
  });

  it("gives worker invocations a Lambda context that counts down from workerTimeoutMs", async () => {
    const context = lambdaContextWithTimeout(1_000);
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(context.getRemainingTimeInMillis()).toBeLessThanOrEqual(950);
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(500);
  });

  it("ends a worker hung on GitHub within the time limit workerTimeoutMs gives it", async () => {
    await fileRequest();
    bot.github.hang("get", MEMBERSHIP);
    bot.workerTimeoutMs = 2_000;
    const started = Date.now();

    await bot.sqs.deliverOnce(bot.worker);

    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
