import { beforeAll, describe, expect, it } from "vitest";
import { createDocumentClient } from "../../src/dynamodb/dynamodb-client.js";
import { DynamoDbIdentityLinks } from "../../src/dynamodb/dynamodb-identity-links.js";
import type { IdentitySource } from "../../src/identity/identity-link.js";
import { recordIdentity } from "../../src/identity/record-link.js";
import { ADMIN_ID, TABLE_NAME, useBot } from "../support/bot-under-test.js";
import {
  appHomeOpened,
  buttonClick,
  requestFormValues,
  slashCommand,
  viewSubmission,
} from "../support/slack-requests.js";

const RILEY = "URILEY001";
const MANAGER = "UMANAGER1";
const PUBLIC_URL = "https://bot.example.test";

// This organization asks for proven logins, and Sign in with GitHub is set up. The handlers read their configuration
// on their first request, after the harness has set the rest of the environment.
Object.assign(process.env, {
  REQUIRE_PROVEN_LOGIN: "true",
  GITHUB_APP_CLIENT_ID: "Iv1.testclient0001",
  GITHUB_APP_CLIENT_SECRET: "test-client-secret-0123456789",
  BOT_PUBLIC_URL: PUBLIC_URL,
});

const bot = useBot((fresh) => {
  fresh.slack.addUsers({ id: ADMIN_ID }, { id: RILEY }, { id: MANAGER });
  fresh.github.members.add("riley-gh");
  fresh.github.members.add("octocat");
});

let links: DynamoDbIdentityLinks;
beforeAll(() => {
  links = new DynamoDbIdentityLinks(
    createDocumentClient({ region: "us-east-1", endpoint: bot.dynamodb.endpoint }),
    TABLE_NAME,
  );
});

/** Riley proved `riley-gh` (a sign-in, unless another source is named). */
function rileyProves(login = "riley-gh", source: IdentitySource = "oauth") {
  return recordIdentity({ slackUserId: RILEY, githubLogin: login, source }, RILEY, {
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

interface OpenedView {
  blocks: { type: string; block_id?: string; elements?: { action_id?: string; url?: string }[] }[];
  private_metadata?: string;
  submit?: unknown;
}

const openedViews = () => bot.slack.callsTo("views.open").map((call) => call.params.view as OpenedView);
const actionIds = (view: { blocks?: unknown[] } | undefined) =>
  JSON.stringify(view?.blocks ?? []).match(/"action_id":"[a-z_]+"/g) ?? [];

describe("with REQUIRE_PROVEN_LOGIN", () => {
  it("the form shows the requester's proven login instead of a text field, and files the request for it", async () => {
    await rileyProves();

    await command("request");
    const [form] = openedViews();

    expect(form?.blocks.some((block) => block.block_id === "github_login")).toBe(false);
    expect(JSON.stringify(form?.blocks)).toContain("`riley-gh` (connected: your own account)");
    const submitted = await bot.receive(
      viewSubmission({
        userId: RILEY,
        callbackId: "seat_request_modal",
        values: { ...requestFormValues({ githubLogin: "", managerId: MANAGER, reason: "Pairing on the API" }) },
        privateMetadata: form?.private_metadata ?? "",
      }),
    );
    expect(submitted.body ?? "").not.toContain("errors");
    await bot.runWorker();

    const [request] = await bot.store.listByRequester(RILEY, 10);
    expect(request).toMatchObject({ githubLogin: "riley-gh", state: "PENDING", loginProven: true });
    const approval = JSON.stringify(bot.slack.messagesTo(MANAGER));
    expect(approval).toContain("riley-gh");
    expect(approval).not.toContain("login not verified");
  });

  it("the form offers to connect, and cannot be sent, when the requester has proven no account", async () => {
    await command("request");
    const [form] = openedViews();

    expect(form?.submit).toBeUndefined();
    expect(form?.blocks.some((block) => block.block_id === "github_login")).toBe(false);
    expect(actionIds(form)).toEqual(['"action_id":"connect_github"']);
  });

  it("refuses a typed login that is not the requester's proven one, says how to connect, and offers the button", async () => {
    await rileyProves();

    await command(`request octocat <@${MANAGER}|max> Pairing on the API`);
    await bot.runWorker();

    const [request] = await bot.store.listByRequester(RILEY, 10);
    expect(request).toMatchObject({
      githubLogin: "octocat",
      state: "REJECTED",
      rejection: { code: "LOGIN_NOT_PROVEN" },
    });
    const [dm] = bot.slack.messagesTo(RILEY);
    expect(String(dm?.text)).toContain(
      "Requests here are only for your own GitHub account, `riley-gh`. To use `octocat`, connect it with `/copilot connect`.",
    );
    expect(actionIds(dm as { blocks?: unknown[] })).toContain('"action_id":"connect_github"');
    expect(bot.slack.messagesTo(MANAGER)).toEqual([]);
    // Refused before GitHub was asked about the account.
    expect(bot.github.callsTo("get", "/orgs/{org}/members/{username}")).toEqual([]);
  });

  it("refuses a typed login from someone who has proven none, naming the login to connect", async () => {
    await command(`request octocat <@${MANAGER}|max> Pairing on the API`);
    await bot.runWorker();

    const [request] = await bot.store.listByRequester(RILEY, 10);
    expect(request).toMatchObject({ state: "REJECTED", rejection: { code: "LOGIN_NOT_PROVEN" } });
    expect(String(bot.slack.messagesTo(RILEY)[0]?.text)).toContain(
      "Requests here are only for a GitHub account you have proven is yours: connect `octocat` with `/copilot connect`, then ask again.",
    );
  });

  it("a Connect click opens a modal with a sign-in link made just then for the person who clicked", async () => {
    await bot.receive(
      buttonClick({
        userId: RILEY,
        actionId: "connect_github",
        value: "connect",
        responseUrl: bot.slack.responseUrl("c"),
      }),
    );

    const [modal] = openedViews();
    const link = modal?.blocks.flatMap((block) => block.elements ?? []).find((element) => element.url)?.url ?? "";
    expect(link.startsWith(`${PUBLIC_URL}/github/connect?state=`)).toBe(true);
    expect(decodeURIComponent(link)).toContain(RILEY);
  });

  it("`/copilot seat` without arguments looks up the proven account's seat", async () => {
    await rileyProves("riley-gh", "saml");

    const answer = await command("seat");

    expect(answer.text).toContain("Looking up the Copilot seat of `riley-gh`");
    expect(answer.text).not.toContain("not verified");
    expect(bot.sqs.sent.map((body) => JSON.parse(body))).toContainEqual(
      expect.objectContaining({ type: "lookup-seat", githubLogin: "riley-gh" }),
    );
  });

  it("`/copilot seat` does not take a login only typed for the person's own: it offers to connect", async () => {
    await command(`request octocat <@${MANAGER}|max> Pairing on the API`);

    const answer = await command("seat");

    expect(answer.text).toContain("I don't know which GitHub account is yours yet");
    expect(actionIds(answer)).toContain('"action_id":"connect_github"');
    expect(bot.sqs.sent.map((body) => JSON.parse(body))).not.toContainEqual(
      expect.objectContaining({ type: "lookup-seat" }),
    );
  });

  it("the Home tab shows the connected account, or offers to connect one", async () => {
    await rileyProves();

    await bot.receive(appHomeOpened({ userId: RILEY, eventId: "Ev-riley" }));
    await bot.receive(appHomeOpened({ userId: MANAGER, eventId: "Ev-manager" }));
    await bot.runWorker();

    const home = (userId: string) =>
      JSON.stringify(bot.slack.callsTo("views.publish").find((call) => call.params.user_id === userId)?.params.view);
    expect(home(RILEY)).toContain("Your GitHub account: `riley-gh` (signed in with GitHub)");
    expect(home(RILEY)).not.toContain("connect_github");
    expect(home(MANAGER)).toContain("No GitHub account connected.");
    expect(home(MANAGER)).toContain("connect_github");
  });
});
