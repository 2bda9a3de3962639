import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { gitHubError } from "../fakes/github-fake.js";
import { ADMIN_ID, type BotUnderTest, startBot } from "../support/bot-under-test.js";
import { buttonClick, requestFormValues, slashCommand, viewSubmission } from "../support/slack-requests.js";

const REQUESTER = "UREQUEST1";
const MANAGER = "UMANAGER1";
const STRANGER = "USTRANGE1";
const SELECTED_USERS = "/orgs/{org}/copilot/billing/selected_users";

let bot: BotUnderTest;

beforeAll(async () => {
  bot = await startBot();
});

afterAll(async () => {
  await bot.stop();
});

beforeEach(async () => {
  await bot.reset();
  bot.slack.addUsers({ id: REQUESTER, name: "Rita Requester" }, { id: MANAGER, name: "Max Manager" }, { id: ADMIN_ID }, { id: STRANGER });
  bot.github.members.add("octocat");
});

afterEach(() => {
  // Every request the bot sent GitHub, and every answer, matched GitHub's OpenAPI description;
  // every Slack message stayed within Block Kit's limits.
  expect(bot.github.contractViolations).toEqual([]);
  expect(bot.slack.limitViolations).toEqual([]);
});

async function fileInline(text: string, userId = REQUESTER) {
  const response = await bot.receive(slashCommand({ userId, text: `request ${text}`, responseUrl: bot.slack.responseUrl("cmd") }));
  expect(response.statusCode).toBe(200);
  return response.body ? JSON.parse(response.body) : {};
}

async function onlyRequest() {
  const requests = await bot.store.listByRequester(REQUESTER, 10);
  expect(requests).toHaveLength(1);
  return requests[0]!;
}

function managerDm() {
  const dms = bot.slack.messagesTo(MANAGER);
  expect(dms).toHaveLength(1);
  return dms[0]!;
}

function click(userId: string, actionId: string, requestId: string) {
  return bot.receive(buttonClick({ userId, actionId, value: requestId, responseUrl: bot.slack.responseUrl(`click-${userId}`) }));
}

describe("filing a request inline", () => {
  it("checks the login with GitHub, then DMs the manager with Approve and Deny buttons", async () => {
    const answer = await fileInline(`octocat <@${MANAGER}|max> I write TypeScript all day`);
    expect(answer.text).toContain("octocat");

    await bot.runWorker();

    const request = await onlyRequest();
    expect(request.state).toBe("PENDING");
    expect(bot.github.callsTo("GET", "/orgs/{org}/members/{username}")).toHaveLength(1);
    expect(bot.github.callsTo("GET", "/orgs/{org}/members/{username}/copilot")).toHaveLength(1);
    const dm = managerDm();
    const buttons = JSON.stringify(dm.blocks);
    expect(buttons).toContain("approve_request");
    expect(buttons).toContain("deny_request");
    expect(buttons).toContain("I write TypeScript all day");
    expect(buttons).toContain(`<@${REQUESTER}>`);
    expect(bot.slack.messagesTo(REQUESTER).map((m) => m.text).join()).toContain(`<@${MANAGER}>`);
  });
});

describe("approving", () => {
  it("assigns the seat once, tells the requester, and shows the result in the manager's message", async () => {
    await fileInline(`octocat <@${MANAGER}> pairing`);
    await bot.runWorker();
    const { id } = await onlyRequest();

    const response = await click(MANAGER, "approve_request", id);

    expect(response.statusCode).toBe(200);
    expect((await bot.store.get(id))?.state).toBe("APPROVED");
    const update = bot.slack.responsesAt(`click-${MANAGER}`)[0];
    expect(update?.replace_original).toBe(true);
    expect(String(update?.text)).toContain("assigning the seat");
    expect(JSON.stringify(update?.blocks)).not.toContain("approve_request");

    await bot.runWorker();

    const done = await bot.store.get(id);
    expect(done?.state).toBe("ASSIGNED");
    expect(bot.github.callsTo("POST", SELECTED_USERS).map((c) => c.body)).toEqual([{ selected_usernames: ["octocat"] }]);
    expect(bot.github.seats.has("octocat")).toBe(true);
    const toRequester = bot.slack.messagesTo(REQUESTER).map((m) => String(m.text));
    expect(toRequester.some((text) => text.includes("Copilot seat") && text.includes("ready"))).toBe(true);
    const finalUpdate = bot.slack.callsTo("chat.update").at(-1);
    expect(String(finalUpdate?.params.text)).toContain("assigned");
    expect(done?.history.map((h) => h.action)).toEqual(["filed", "validated", "approved", "assigned"]);
  });
});
