import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createDocumentClient } from "../../src/dynamodb/dynamodb-client.js";
import { ITEM_KEYS } from "../../src/dynamodb/table-schema.js";
import { useBot } from "../support/bot-under-test.js";
import { slashCommand } from "../support/slack-requests.js";
import { isItemOfType } from "../support/table-items.js";
import { advanceMinutes } from "../support/time-travel.js";

/**
 * Filing writes the request item and the GitHub login's open-request slot side by side (no transactions in the
 * embedded DynamoDB), so a failure of either write must undo the other: no slot without its request, no request
 * without its slot, no job, and a person who is told that nothing was kept and can file again at once.
 */

const REQUESTER = "UREQUEST1";
const OTHER = "UREQUEST2";
const MANAGER = "UMANAGER1";
const TABLE_NAME = "copilot-seat-bot-test";

const bot = useBot((fresh) => {
  fresh.slack.addUsers({ id: REQUESTER }, { id: OTHER }, { id: MANAGER });
  fresh.github.members.add("octocat");
});

afterAll(() => {
  vi.useRealTimers();
});

/** A failing write: the Slack-facing client tries each DynamoDB call twice. */
const BOTH_ATTEMPTS = 2;

async function file(userId = REQUESTER) {
  const response = await bot.receive(
    slashCommand({
      userId,
      text: `request octocat <@${MANAGER}> pairing`,
      responseUrl: bot.slack.responseUrl(`file-${userId}`),
    }),
  );
  expect(response.statusCode).toBe(200);
  return String(JSON.parse(response.body ?? "{}").text);
}

async function openSlot(): Promise<Record<string, unknown> | undefined> {
  const client = createDocumentClient({ region: "us-east-1", endpoint: bot.dynamodb.endpoint });
  const { Item } = await client.send(
    new GetCommand({ TableName: TABLE_NAME, Key: ITEM_KEYS.openSlot("octocat"), ConsistentRead: true }),
  );
  return Item;
}

describe("filing when one of its two writes fails", () => {
  it("gives the slot back when the request item could not be written, and says nothing was kept", async () => {
    bot.dynamodb.failCall("PutItem", { fault: "internal", times: BOTH_ATTEMPTS, match: isItemOfType("request") });

    const answer = await file();

    expect(answer).toMatch(/nothing was changed/);
    expect(await openSlot()).toBeUndefined();
    expect(await bot.store.listByRequester(REQUESTER, 10)).toEqual([]);
    expect(bot.sqs.sent).toEqual([]);
  });

  it("deletes the request item when the slot could not be taken, and says nothing was kept", async () => {
    bot.dynamodb.failCall("PutItem", { fault: "internal", times: BOTH_ATTEMPTS, match: isItemOfType("open-request") });

    const answer = await file();

    expect(answer).toMatch(/nothing was changed/);
    expect(await bot.store.listByRequester(REQUESTER, 10)).toEqual([]);
    expect(await openSlot()).toBeUndefined();
    expect(bot.sqs.sent).toEqual([]);
  });

  it("lets the person file again at once after either failure, and the request goes through", async () => {
    bot.dynamodb.failCall("PutItem", { fault: "internal", times: BOTH_ATTEMPTS, match: isItemOfType("request") });
    await file();
    bot.dynamodb.failCall("PutItem", { fault: "internal", times: BOTH_ATTEMPTS, match: isItemOfType("open-request") });
    await file();

    const answer = await file();
    await bot.runWorker();

    expect(answer).toMatch(/Got it/);
    const requests = await bot.store.listByRequester(REQUESTER, 10);
    expect(requests.map((request) => request.state)).toEqual(["PENDING"]);
    expect((await openSlot())?.requestId).toBe(requests[0]?.id);
  });

  it("deletes the second request's item when another open request holds the login, and names that one", async () => {
    await file(OTHER);

    const answer = await file();

    expect(answer).toMatch(/already an open request|DUPLICATE_REQUEST/);
    expect(await bot.store.listByRequester(REQUESTER, 10)).toEqual([]);
    const [first] = await bot.store.listByRequester(OTHER, 10);
    expect((await openSlot())?.requestId).toBe(first?.id);
    expect(bot.sqs.sent).toHaveLength(1);
  });
});

describe("a request item whose undoing failed too", () => {
  it("is rejected as a duplicate when it is validated while another request holds the login", async () => {
    // The slot write fails, and so does deleting the request item: the item is left without its slot.
    bot.dynamodb.failCall("PutItem", { fault: "internal", times: BOTH_ATTEMPTS, match: isItemOfType("open-request") });
    bot.dynamodb.failCall("DeleteItem", { fault: "internal", times: BOTH_ATTEMPTS });
    await file();
    const [orphan] = await bot.store.listByRequester(REQUESTER, 1);
    expect(orphan?.state).toBe("VALIDATING");
    expect(bot.sqs.sent).toEqual([]);
    // Someone else files for the login meanwhile.
    await file(OTHER);
    await bot.runWorker();

    // The sweep finds the orphan after five minutes and queues its checks again.
    advanceMinutes(6);
    await bot.maintain();
    await bot.runWorker();

    const [first] = await bot.store.listByRequester(OTHER, 1);
    expect(first?.state).toBe("PENDING");
    const rejected = await bot.store.get(orphan?.id ?? "");
    expect(rejected?.state).toBe("REJECTED");
    expect(rejected?.rejection?.code).toBe("DUPLICATE_REQUEST");
    expect((await openSlot())?.requestId).toBe(first?.id);
  });
});

describe("filing when the queue does not confirm the request's job", () => {
  /** The Slack-facing client makes two attempts at each send. */
  const refuseBothSends = () => bot.sqs.failSend("internal", 2);
  const isClose = (input: Record<string, unknown>) =>
    JSON.stringify(input.ExpressionAttributeValues ?? {}).includes('"REJECTED"');

  it("closes the request when the queue refused its job, says nothing was kept, and lets the person file again", async () => {
    refuseBothSends();

    const answer = await file();

    expect(answer).toMatch(/could not queue your request just now\. Nothing was kept/);
    const [closed] = await bot.store.listByRequester(REQUESTER, 1);
    expect([closed?.state, closed?.rejection?.code]).toEqual(["REJECTED", "QUEUE_UNAVAILABLE"]);
    expect(await openSlot()).toBeUndefined();

    expect(await file()).toMatch(/Got it/);
    await bot.runWorker();
    expect((await bot.store.listByRequester(REQUESTER, 1))[0]?.state).toBe("PENDING");
  });

  it("keeps the request filed when it could not be closed either, says so, and the sweep checks it", async () => {
    refuseBothSends();
    bot.dynamodb.failCall("UpdateItem", { fault: "internal", times: BOTH_ATTEMPTS, match: isClose });

    const answer = await file();

    // Not "nothing was kept": the request is there and goes ahead.
    expect(answer).toMatch(/request is filed, but the bot could not start checking it just now/);
    const [kept] = await bot.store.listByRequester(REQUESTER, 1);
    expect(kept?.state).toBe("VALIDATING");

    advanceMinutes(6);
    await bot.maintain();
    await bot.runWorker();

    expect((await bot.store.get(kept?.id ?? ""))?.state).toBe("PENDING");
    expect(bot.slack.messagesTo(MANAGER)).toHaveLength(1);
  });

  it("answers as filed when the queue took the job without saying so and the worker moved the request on first", async () => {
    // Both attempts are queued, and the worker runs on what is queued before each is answered with a failure.
    bot.sqs.failSend("taken-then-internal", 2);
    bot.sqs.afterTaking = () => bot.runWorker();

    const answer = await file();
    await bot.runWorker();

    expect(answer).toMatch(/Got it/);
    const requests = await bot.store.listByRequester(REQUESTER, 10);
    expect(requests.map((request) => request.state)).toEqual(["PENDING"]);
    // The job's second copy finds the request checked already.
    expect(bot.slack.messagesTo(MANAGER)).toHaveLength(1);
  });

  it("says nothing was kept when its own close went through but the answer was lost", async () => {
    refuseBothSends();
    bot.dynamodb.failCall("UpdateItem", { fault: "answer-lost", match: isClose });

    const answer = await file();

    // The retry of the close finds the request closed already, by this close.
    expect(answer).toMatch(/could not queue your request just now\. Nothing was kept/);
    const [closed] = await bot.store.listByRequester(REQUESTER, 1);
    expect([closed?.state, closed?.rejection?.code]).toEqual(["REJECTED", "QUEUE_UNAVAILABLE"]);
    expect(bot.dynamodb.callsTo("UpdateItem").filter((call) => isClose(call.input))).toHaveLength(2);
  });
});
