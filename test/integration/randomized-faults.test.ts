import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createDocumentClient } from "../../src/dynamodb/dynamodb-client.js";
import { ITEM_KEYS } from "../../src/dynamodb/table-schema.js";
import { gitHubError } from "../fakes/github-fake.js";
import { auditedActions, isHistoryItem } from "../support/audit-reading.js";
import { ADMIN_ID, TABLE_NAME, useBot } from "../support/bot-under-test.js";
import { buttonClick, slashCommand } from "../support/slack-requests.js";
import { advanceMinutes } from "../support/time-travel.js";

/**
 * Many requests, each hit by one fault somewhere between filing and assignment. Whatever the faults, after the
 * maintenance sweep has run every request is in a final state, its requester was told exactly once per state that
 * owes them a message, its history is complete in the audit trail, and nothing was dead-lettered.
 */

const MANAGER = "UMANAGER1";
const SELECTED_USERS = "/orgs/{org}/copilot/billing/selected_users";
const REQUESTS_PER_RUN = 8;

const FAULTS = [
  "none",
  "github-500",
  "github-429",
  "github-hang",
  "slack-post-500",
  "slack-post-ratelimited",
  "slack-update-gone",
  "dynamodb-history-throttled",
  "dynamodb-update-fails-once",
  "sqs-send-fails",
  "worker-killed",
  "duplicate-delivery",
] as const;
type Fault = (typeof FAULTS)[number];

const bot = useBot((fresh) => fresh.slack.addUsers({ id: MANAGER }, { id: ADMIN_ID }));

afterAll(() => {
  vi.useRealTimers();
});

/** The audit items of a login as stored, for a failure to show which request and time each came from. */
async function storedAuditItems(login: string): Promise<string> {
  const client = createDocumentClient({ region: "us-east-1", endpoint: bot.dynamodb.endpoint });
  const { Items = [] } = await client.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :pk",
      ExpressionAttributeValues: { ":pk": ITEM_KEYS.auditByLogin(login) },
    }),
  );
  client.destroy();
  return JSON.stringify(Items.map((item) => [item.requestId, item.seq, item.at, item.action]));
}

/** Runs the worker until the queue is empty, as Lambda would keep doing; a job that fails comes back later. */
async function work(): Promise<void> {
  await bot.runWorker().catch(() => {});
}

/** Takes one request from filing to a decision and its assignment, with `fault` injected on the way. */
async function requestThrough(index: number, fault: Fault): Promise<{ requester: string; login: string }> {
  const requester = `URND${String(index).padStart(3, "0")}`;
  const login = `rnd-${index}`;
  bot.slack.addUsers({ id: requester });
  bot.github.members.add(login);
  bot.workerTimeoutMs = undefined;

  if (fault === "sqs-send-fails") bot.sqs.failSend("internal", 2);
  if (fault === "slack-post-500") bot.slack.failNext("chat.postMessage", { status: 500 });
  if (fault === "slack-post-ratelimited") bot.slack.failNext("chat.postMessage", { status: 429, retryAfter: 1 });
  await bot.receive(
    slashCommand({
      userId: requester,
      text: `request ${login} <@${MANAGER}> fuzzing`,
      responseUrl: bot.slack.responseUrl(`cmd-${index}`),
    }),
  );
  await work();
  const [filed] = await bot.store.listByRequester(requester, 1);
  if (filed?.state !== "PENDING") return { requester, login };

  if (fault === "github-500") bot.github.script("post", SELECTED_USERS, gitHubError(500, "Internal Server Error"));
  if (fault === "github-429") {
    bot.github.script("post", SELECTED_USERS, { ...gitHubError(429, "Too many"), headers: { "retry-after": "1" } });
  }
  if (fault === "github-hang") {
    bot.github.hang("post", SELECTED_USERS, 1);
    bot.workerTimeoutMs = 15_500;
  }
  if (fault === "slack-update-gone") bot.slack.failNext("chat.update", { error: "message_not_found" }, 2);
  if (fault === "dynamodb-history-throttled") {
    bot.dynamodb.failCall("PutItem", { fault: "throttle", times: 4, match: isHistoryItem });
  }
  if (fault === "dynamodb-update-fails-once") bot.dynamodb.failCall("UpdateItem", { fault: "internal", times: 2 });
  const approve = () =>
    bot.receive(
      buttonClick({
        userId: MANAGER,
        actionId: "approve_request",
        value: filed.id,
        responseUrl: bot.slack.responseUrl(`click-${index}`),
      }),
    );
  await approve();
  // A manager told their click may not have gone through clicks again.
  const told = bot.slack.responsesAt(`click-${index}`).map((response) => String(response.text));
  if (told.some((text) => /nothing was changed|please try again/.test(text))) await approve();
  if (fault === "duplicate-delivery") bot.sqs.duplicateAllSent();
  if (fault === "worker-killed" && bot.sqs.depth > 0) {
    bot.github.hang("post", SELECTED_USERS, 1);
    await bot.abandonWorker(() =>
      bot.github.callsTo("POST", SELECTED_USERS).some((call) => JSON.stringify(call.body).includes(`"${login}"`)),
    );
    advanceMinutes(2);
  }
  await work();
  return { requester, login };
}

describe("a randomized run with one fault per request", () => {
  it("ends every request, tells everyone once, keeps the whole history, and dead-letters nothing", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...FAULTS), { minLength: REQUESTS_PER_RUN, maxLength: REQUESTS_PER_RUN }),
        async (faults) => {
          await bot.reset();
          bot.slack.addUsers({ id: MANAGER }, { id: ADMIN_ID });
          const people = [];
          for (const [index, fault] of faults.entries()) people.push(await requestThrough(index, fault));
          bot.dynamodb.reset();
          bot.workerTimeoutMs = undefined;
          // The sweep's rounds, a quarter of an hour apart.
          for (let round = 0; round < 3; round++) {
            advanceMinutes(16);
            await bot.maintain();
            await work();
          }

          for (const [index, { requester, login }] of people.entries()) {
            const [request] = await bot.store.listByRequester(requester, 1);
            const context = `request ${index} (${faults[index]})`;
            expect(request, context).toBeDefined();
            if (!request) continue;
            expect(["ASSIGNED", "FAILED", "REJECTED"], context).toContain(request.state);
            // Told once per message owed: the filing's DM and the outcome's, never twice.
            const owed = (request.notified ?? []).filter((key) => key.startsWith("requester:"));
            expect(owed, context).toContain(
              request.state === "FAILED" ? `requester:FAILED:${request.attempt}` : `requester:${request.state}`,
            );
            expect(bot.slack.messagesTo(requester), context).toHaveLength(owed.length);
            const audited = await auditedActions(bot, login);
            const history = request.history.map((entry) => entry.action).reverse();
            const explained =
              JSON.stringify(audited) === JSON.stringify(history)
                ? context
                : `${context}: request ${request.id}, history ${JSON.stringify(request.history.map((e) => [e.seq, e.at, e.action]))}, stored audit items ${await storedAuditItems(login)}`;
            expect(audited, explained).toEqual(history);
          }
          expect(bot.sqs.deadLetters).toEqual([]);
        },
      ),
      { numRuns: 2 },
    );
  }, 240_000);
});
