import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { afterAll, describe, expect, it, vi } from "vitest";
import { ADMIN_ID, useBot } from "../support/bot-under-test.js";
import { buttonClick, slashCommand } from "../support/slack-requests.js";
import { isItemOfType } from "../support/table-items.js";
import { advanceMinutes } from "../support/time-travel.js";

/**
 * Slack shows its own "operation_timeout" when an acknowledgement takes more than 3 seconds, and then drops the
 * answer. Each AWS call has its own deadline, but a failing call is often followed by another (the undo of a
 * half-done write, giving back a claim), and those add up: here DynamoDB and SQS stop answering at the worst moments,
 * and every acknowledgement still comes in time, saying what became of the action.
 */

const REQUESTER = "UREQUEST1";
const MANAGER = "UMANAGER1";
const SLACK_WAITS_MS = 3000;

const bot = useBot((fresh) => {
  fresh.slack.addUsers({ id: REQUESTER }, { id: MANAGER }, { id: ADMIN_ID });
  fresh.github.members.add("octocat");
});

afterAll(() => {
  vi.useRealTimers();
});

/** The Slack-facing function's clients make two attempts at each call. */
const BOTH_ATTEMPTS = 2;

/** Sends what Slack sends and measures how long Slack would have waited for the answer. */
async function timed(
  send: () => Promise<APIGatewayProxyStructuredResultV2>,
): Promise<{ response: APIGatewayProxyStructuredResultV2; waitedMs: number }> {
  const sentAt = performance.now();
  const response = await send();
  return { response, waitedMs: performance.now() - sentAt };
}

function file() {
  return timed(() =>
    bot.receive(
      slashCommand({
        userId: REQUESTER,
        text: `request octocat <@${MANAGER}> pairing`,
        responseUrl: bot.slack.responseUrl("file"),
      }),
    ),
  );
}

/** Attempts of an operation that reached DynamoDB and got no answer; an attempt given up unsent never gets there. */
const hungCalls = (operation: string) => bot.dynamodb.callsTo(operation).filter((call) => call.fault === "hang").length;

const answerText = (response: APIGatewayProxyStructuredResultV2) => String(JSON.parse(response.body ?? "{}").text);

describe("an acknowledgement while AWS does not answer", () => {
  it("answers a request whose job could not be queued nor the request closed in time, and the sweep checks it later", async () => {
    bot.sqs.failSend("hang", BOTH_ATTEMPTS);
    bot.dynamodb.failCall("UpdateItem", { fault: "hang", times: BOTH_ATTEMPTS });

    const { response, waitedMs } = await file();

    expect(waitedMs).toBeLessThan(SLACK_WAITS_MS);
    expect(answerText(response)).toMatch(/The request is filed, but the bot could not start checking it/);
    expect(hungCalls("UpdateItem"), "the close was tried within the time left").toBe(BOTH_ATTEMPTS);
    bot.dynamodb.reset();
    advanceMinutes(6);
    await bot.maintain();
    await bot.runWorker();
    const [request] = await bot.store.listByRequester(REQUESTER, 1);
    expect(request?.state).toBe("PENDING");
    expect(bot.slack.messagesTo(MANAGER)).toHaveLength(1);
  });

  it("answers a request whose item could not be written nor the login's slot given back, saying nothing was kept", async () => {
    bot.dynamodb.failCall("PutItem", { fault: "hang", times: BOTH_ATTEMPTS, match: isItemOfType("request") });
    bot.dynamodb.failCall("DeleteItem", { fault: "hang", times: BOTH_ATTEMPTS });

    const { response, waitedMs } = await file();

    expect(waitedMs).toBeLessThan(SLACK_WAITS_MS);
    expect(answerText(response)).toMatch(/nothing was changed/);
    expect(hungCalls("DeleteItem"), "the undo was tried within the time left").toBe(BOTH_ATTEMPTS);
    expect(bot.sqs.sent).toEqual([]);
  });

  it("answers an admin's confirmation whose job could not be queued nor its claim given back, saying so", async () => {
    bot.github.seats.set("octocat", { login: "octocat" });
    const confirmation = await bot.receive(
      slashCommand({ userId: ADMIN_ID, text: "revoke octocat", responseUrl: bot.slack.responseUrl("revoke") }),
    );
    const blocks = (JSON.parse(confirmation.body ?? "{}").blocks ?? []) as { elements?: { action_id: string }[] }[];
    const confirm = blocks.flatMap((block) => block.elements ?? []).find((e) => e.action_id === "confirm_revoke");
    expect(confirm).toMatchObject({ value: "octocat" });
    bot.sqs.failSend("hang", BOTH_ATTEMPTS);
    bot.dynamodb.failCall("DeleteItem", { fault: "hang", times: BOTH_ATTEMPTS });

    const { response, waitedMs } = await timed(() =>
      bot.receive(
        buttonClick({
          userId: ADMIN_ID,
          actionId: "confirm_revoke",
          value: "octocat",
          responseUrl: bot.slack.responseUrl("confirm"),
          message: { channel: `D${ADMIN_ID}`, ts: "1700000001.000001" },
        }),
      ),
    );

    expect(waitedMs).toBeLessThan(SLACK_WAITS_MS);
    expect(response.statusCode).toBe(200);
    expect(hungCalls("DeleteItem"), "the claim's release was tried within the time left").toBe(BOTH_ATTEMPTS);
    expect(bot.slack.responsesAt("confirm").map((r) => String(r.text))).toEqual([
      expect.stringMatching(/could not confirm that it received this, so it may not have/),
    ]);
  });
});
