import { describe, expect, it } from "vitest";
import { ADMIN_ID, useBot } from "../support/bot-under-test.js";
import { buttonClick, slashCommand } from "../support/slack-requests.js";

/** Each GitHub call spends the token's hourly budget: a request should cost only the calls its decisions need. */

const REQUESTER = "UREQUEST1";
const MANAGER = "UMANAGER1";

const bot = useBot((fresh) => {
  fresh.slack.addUsers({ id: REQUESTER }, { id: MANAGER }, { id: ADMIN_ID });
  fresh.github.members.add("octocat");
});

describe("GitHub calls per request", () => {
  it("costs at most 4 from filing to seat and at most 2 for the approval, Home tab redraws included", async () => {
    await bot.receive(
      slashCommand({ userId: REQUESTER, text: `request octocat <@${MANAGER}> pairing`, responseUrl: "http://x/r" }),
    );
    await bot.runWorker();
    const afterFiling = bot.github.calls.length;
    const [request] = await bot.store.listByRequester(REQUESTER, 1);

    await bot.receive(
      buttonClick({
        userId: MANAGER,
        actionId: "approve_request",
        value: request?.id ?? "",
        responseUrl: "http://x/c",
      }),
    );
    await bot.runWorker();

    expect((await bot.store.get(request?.id ?? ""))?.state).toBe("ASSIGNED");
    // The Home tabs of requester and manager were redrawn after each step, without asking GitHub again.
    expect(bot.slack.callsTo("views.publish").length).toBeGreaterThanOrEqual(2);
    expect(bot.github.calls.length - afterFiling).toBeLessThanOrEqual(2);
    expect(bot.github.calls.length).toBeLessThanOrEqual(4);
  });
});

describe("AWS calls while Slack waits", () => {
  it("files a request with two writes and one queued job, and approves with one queued job alone", async () => {
    const before = bot.dynamodb.calls.length;
    await bot.receive(
      slashCommand({ userId: REQUESTER, text: `request octocat <@${MANAGER}> pairing`, responseUrl: "http://x/r" }),
    );
    const filing = bot.dynamodb.calls.slice(before).map((call) => call.operation);
    expect(filing).toEqual(["PutItem", "PutItem"]);
    expect(bot.sqs.sent).toHaveLength(1);
    await bot.runWorker();
    const [request] = await bot.store.listByRequester(REQUESTER, 1);

    const beforeClick = bot.dynamodb.calls.length;
    await bot.receive(
      buttonClick({
        userId: MANAGER,
        actionId: "approve_request",
        value: request?.id ?? "",
        responseUrl: "http://x/c",
      }),
    );

    expect(bot.dynamodb.calls.slice(beforeClick).map((call) => call.operation)).toEqual([]);
    expect(bot.sqs.sent).toHaveLength(2);
    // The worker decides; the audit items follow with the assignment.
    await bot.runWorker();
    expect((await bot.store.get(request?.id ?? ""))?.projectedSeq).toBe(4);
  });
});
