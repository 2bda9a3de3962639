import { beforeAll, describe, expect, it } from "vitest";
import { createDocumentClient } from "../../src/dynamodb/dynamodb-client.js";
import { DynamoDbIdentityLinks } from "../../src/dynamodb/dynamodb-identity-links.js";
import { recordIdentity } from "../../src/identity/record-link.js";
import { ADMIN_ID, TABLE_NAME, useBot } from "../support/bot-under-test.js";
import { appHomeOpened, buttonClick, slashCommand } from "../support/slack-requests.js";

const RILEY = "URILEY001";
const SAM = "USAM00001";
const MANAGER = "UMANAGER1";

// This organization lets people ask for seats for logins they type (REQUIRE_PROVEN_LOGIN=false), and has Sign in
// with GitHub set up.
Object.assign(process.env, {
  REQUIRE_PROVEN_LOGIN: "false",
  GITHUB_APP_CLIENT_ID: "Iv1.testclient0001",
  GITHUB_APP_CLIENT_SECRET: "test-client-secret-0123456789",
  BOT_PUBLIC_URL: "https://bot.example.test",
});

const bot = useBot((fresh) => {
  fresh.slack.addUsers({ id: ADMIN_ID }, { id: RILEY }, { id: SAM }, { id: MANAGER });
  for (const login of ["riley-gh", "octocat", "sam-gh"]) fresh.github.members.add(login);
});

let links: DynamoDbIdentityLinks;
beforeAll(() => {
  links = new DynamoDbIdentityLinks(
    createDocumentClient({ region: "us-east-1", endpoint: bot.dynamodb.endpoint }),
    TABLE_NAME,
  );
});

function proves(slackUserId: string, githubLogin: string) {
  return recordIdentity({ slackUserId, githubLogin, source: "oauth" }, slackUserId, {
    links,
    clock: { now: () => new Date() },
    log: { info() {}, warn() {}, error() {} },
  });
}

async function command(text: string, userId = RILEY) {
  const response = await bot.receive(slashCommand({ userId, text, responseUrl: bot.slack.responseUrl(text) }));
  expect(response.statusCode).toBe(200);
  return (response.body ? JSON.parse(response.body) : {}) as { text?: string; blocks?: unknown[] };
}

const approvalFor = () => JSON.stringify(bot.slack.messagesTo(MANAGER));

describe("with typed logins allowed", () => {
  it("files a request for a typed login, and the approver's message says the login is not verified", async () => {
    await command(`request octocat <@${MANAGER}|max> Pairing on the API`);
    await bot.runWorker();

    const [request] = await bot.store.listByRequester(RILEY, 10);
    expect(request).toMatchObject({ githubLogin: "octocat", state: "PENDING", loginProven: false });
    expect(approvalFor()).toContain(
      "login not verified: the requester typed it and has not signed in with it, so check that it is theirs",
    );
  });

  it("says nothing of the kind when the login is the requester's proven one", async () => {
    await proves(RILEY, "riley-gh");

    await command(`request riley-gh <@${MANAGER}|max> Pairing on the API`);
    await bot.runWorker();

    const [request] = await bot.store.listByRequester(RILEY, 10);
    expect(request).toMatchObject({ state: "PENDING", loginProven: true });
    expect(approvalFor()).toContain("riley-gh");
    expect(approvalFor()).not.toContain("not verified");
  });

  it("still refuses a login another Slack person proved: nobody can squat a colleague's account", async () => {
    await proves(SAM, "sam-gh");

    await command(`request sam-gh <@${MANAGER}|max> Pairing on the API`);
    await bot.runWorker();

    const [request] = await bot.store.listByRequester(RILEY, 10);
    expect(request).toMatchObject({ state: "REJECTED", rejection: { code: "LOGIN_NOT_YOURS" } });
    expect(String(bot.slack.messagesTo(RILEY)[0]?.text)).toContain(
      "`sam-gh` is <@USAM00001>'s GitHub account. Ask for a seat for your own account.",
    );
    expect(bot.slack.messagesTo(MANAGER)).toEqual([]);
  });

  it("`/copilot seat` shows the seat of the login last asked for, labelled as not verified, with the Connect button", async () => {
    await command(`request octocat <@${MANAGER}|max> Pairing on the API`);
    await bot.runWorker();

    const answer = await command("seat");

    expect(answer.text).toContain("Looking up the Copilot seat of `octocat`");
    expect(answer.text).toContain("`octocat` is the account you last asked a seat for; it is not verified as yours.");
    expect(JSON.stringify(answer.blocks)).toContain('"action_id":"connect_github"');
  });

  it("`/copilot seat` prefers the proven account to the login last asked for", async () => {
    await command(`request octocat <@${MANAGER}|max> Pairing on the API`);
    await proves(RILEY, "riley-gh");

    const answer = await command("seat");

    expect(answer.text).toContain("Looking up the Copilot seat of `riley-gh`");
    expect(answer.text).not.toContain("not verified");
  });
});

describe("giving back a seat", () => {
  const click = (userId: string, actionId: string, value: string, responseUrl: string) =>
    bot.receive(buttonClick({ userId, actionId, value, responseUrl: bot.slack.responseUrl(responseUrl) }));

  /** Riley asks for a seat for the login they typed, and the manager approves it: the bot assigns it. */
  async function octocatAssignedThroughRileysRequest() {
    await command(`request octocat <@${MANAGER}|max> Pairing on the API`);
    await bot.runWorker();
    const [request] = await bot.store.listByRequester(RILEY, 1);
    await click(MANAGER, "approve_request", request?.id ?? "", "approve");
    await bot.runWorker();
    return request;
  }

  it("refuses a seat the bot assigned through the person's request once someone else has proven its login", async () => {
    const request = await octocatAssignedThroughRileysRequest();
    expect((await bot.store.get(request?.id ?? ""))?.state).toBe("ASSIGNED");
    await proves(SAM, "octocat");

    await click(RILEY, "release_seat", JSON.stringify({ githubLogin: "octocat" }), "release-click");
    await bot.runWorker();

    expect(String(bot.slack.responsesAt("release-click")[0]?.text)).toContain("only your own seat");
    expect(bot.github.callsTo("DELETE", "/orgs/{org}/copilot/billing/selected_users")).toEqual([]);
  });

  it("offers Release on the Home tab for a seat held through a request older than the ten the tab lists", async () => {
    const held = await octocatAssignedThroughRileysRequest();
    for (let i = 1; i <= 10; i++) {
      await command(`request riley-alt-${i} <@${MANAGER}|max> Trying another account`);
      await command(`cancel riley-alt-${i}`);
    }
    await bot.runWorker();
    const newest = await bot.store.listByRequester(RILEY, 11);
    expect(newest.map((request) => request.id).indexOf(held?.id ?? "")).toBe(10);

    await bot.receive(appHomeOpened({ userId: RILEY, eventId: "EvOlderHeldSeat" }));
    await bot.runWorker();

    const home = bot.slack
      .callsTo("views.publish")
      .filter((call) => call.params.user_id === RILEY)
      .at(-1);
    expect(JSON.stringify(home?.params.view)).toContain("release_seat");
  });

  it("lets a person give back the seat of the GitHub account they connected, without any request of theirs", async () => {
    bot.github.seats.set("riley-gh", { login: "riley-gh", planType: "business", createdAt: "2026-03-01T08:00:00Z" });
    await proves(RILEY, "riley-gh");

    const confirmation = await command("release");
    await click(RILEY, "release_seat", JSON.stringify({ githubLogin: "riley-gh" }), "release-click");
    await bot.runWorker();

    expect(confirmation.text).toContain("Give back your Copilot seat for `riley-gh`?");
    expect(bot.github.callsTo("DELETE", "/orgs/{org}/copilot/billing/selected_users").map((c) => c.body)).toEqual([
      { selected_usernames: ["riley-gh"] },
    ]);
  });
});
