import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDocumentClient } from "../../src/dynamodb/dynamodb-client.js";
import { SIGN_IN_API_VERSION } from "../../src/github/github-sign-in.js";
import { GITHUB_API_VERSION } from "../../src/github/octokit.js";
import { CONNECT_STATE_LIFETIME_MS, ConnectStateSigner } from "../../src/identity/connect-state.js";
import { ADMIN_ID, TABLE_NAME, useBot } from "../support/bot-under-test.js";
import { slashCommand } from "../support/slack-requests.js";

const RILEY = "URILEY001";
const SAM = "USAM00001";
const CLIENT_ID = "Iv1.testclient0001";
const CLIENT_SECRET = "test-client-secret-0123456789";
const PUBLIC_URL = "https://bot.example.test";
const RILEY_ON_GITHUB = { login: "riley-gh", id: 4242 };

// Sign in with GitHub is on for this file: the handlers read their configuration on their first request, after the
// harness has set the rest of the environment.
Object.assign(process.env, {
  GITHUB_APP_CLIENT_ID: CLIENT_ID,
  GITHUB_APP_CLIENT_SECRET: CLIENT_SECRET,
  BOT_PUBLIC_URL: PUBLIC_URL,
});

const bot = useBot((fresh) => {
  fresh.slack.addUsers({ id: ADMIN_ID }, { id: RILEY }, { id: SAM });
  fresh.github.oauthApp = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };
});

type SignInModule = typeof import("../../functions/github-callback.js");
let signIn: SignInModule;

beforeAll(async () => {
  // GitHub's web origin is the fake too (it serves the code exchange beside the REST API).
  process.env.GITHUB_WEB_URL = bot.github.url;
  signIn = await import("../../functions/github-callback.js");
});

/** A browser's GET to the bot's public URL, as API Gateway (payload 2.0) hands it to the sign-in function. */
function browserGet(url: string, cookies: string[] = []): Promise<APIGatewayProxyStructuredResultV2> {
  const parsed = new URL(url);
  const event = {
    version: "2.0",
    routeKey: `GET ${parsed.pathname}`,
    rawPath: parsed.pathname,
    rawQueryString: parsed.search.slice(1),
    headers: { host: parsed.host },
    ...(cookies.length > 0 ? { cookies } : {}),
    requestContext: { http: { method: "GET", path: parsed.pathname } },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
  return signIn.handler(event);
}

async function command(userId: string, text: string): Promise<string> {
  const response = await bot.receive(slashCommand({ userId, text, responseUrl: bot.slack.responseUrl(text) }));
  expect(response.statusCode).toBe(200);
  return (JSON.parse(response.body || "{}") as { text?: string }).text ?? "";
}

/** `/copilot connect`, then the link it answers with opened in a browser: the cookie it sets and where it leads. */
async function startConnecting(userId: string) {
  const answer = await command(userId, "connect");
  const link = /<(https:\/\/[^|>]+)\|Connect your GitHub account>/.exec(answer)?.[1];
  if (!link) throw new Error(`no connect link in: ${answer}`);
  const opened = await browserGet(link);
  expect(opened.statusCode).toBe(302);
  const authorize = new URL(String(opened.headers?.location));
  const cookie = (opened.cookies?.[0] ?? "").split(";")[0] ?? "";
  return { link, authorize, cookie, state: authorize.searchParams.get("state") ?? "" };
}

/** GitHub sends the browser back to the callback with a code after the person approved as `account`. */
function returnFromGitHub(state: string, cookie: string, account = RILEY_ON_GITHUB) {
  const code = bot.github.authorize(account);
  const query = new URLSearchParams({ code, state });
  return browserGet(`${PUBLIC_URL}/github/callback?${query}`, cookie ? [cookie] : []);
}

const title = (page: APIGatewayProxyStructuredResultV2) => /<h1>(.*)<\/h1>/.exec(String(page.body))?.[1];

describe("Sign in with GitHub", () => {
  it("connects a Slack person to the GitHub account they signed in with, and admins can see how the bot knows", async () => {
    const { authorize, cookie, state } = await startConnecting(RILEY);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${bot.github.url}/login/oauth/authorize`);
    expect(authorize.searchParams.get("client_id")).toBe(CLIENT_ID);
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${PUBLIC_URL}/github/callback`);
    expect(cookie).toMatch(/^copilot_connect=/);

    const page = await returnFromGitHub(state, cookie);

    expect(page.statusCode).toBe(200);
    expect(page.headers?.["content-type"]).toBe("text/html; charset=utf-8");
    expect(title(page)).toBe("GitHub account connected");
    expect(page.body).toContain("<strong>riley-gh</strong>");
    expect(bot.github.callsTo("get", "/user")).toHaveLength(1);
    expect(await command(ADMIN_ID, `whois <@${RILEY}>`)).toContain(
      `<@${RILEY}> is \`riley-gh\` (GitHub ID 4242) on GitHub: signed in with GitHub, linked less than a minute ago`,
    );
    expect(await command(ADMIN_ID, "whois riley-gh")).toContain(`<@${RILEY}> is \`riley-gh\``);
  });

  it("keeps no GitHub user token: it is used for one GET /user and dropped", async () => {
    const { cookie, state } = await startConnecting(RILEY);

    await returnFromGitHub(state, cookie);

    const [token] = [...bot.github.userTokens.keys()];
    const documents = createDocumentClient({ region: "us-east-1", endpoint: bot.dynamodb.endpoint });
    const { Items = [] } = await documents.send(new ScanCommand({ TableName: TABLE_NAME }));
    expect(JSON.stringify(Items)).not.toContain(String(token));
    expect(SIGN_IN_API_VERSION).toBe(GITHUB_API_VERSION);
  });

  it("says so and connects nothing when the person cancels on GitHub", async () => {
    const { state, cookie } = await startConnecting(RILEY);

    const page = await browserGet(
      `${PUBLIC_URL}/github/callback?${new URLSearchParams({ error: "access_denied", state })}`,
      [cookie],
    );

    expect(title(page)).toBe("Not connected");
    expect(await command(ADMIN_ID, `whois <@${RILEY}>`)).toBe(`No GitHub account is connected to <@${RILEY}>.`);
  });

  it("refuses a forged state: one changed to name another Slack person", async () => {
    const { state, cookie } = await startConnecting(RILEY);

    const page = await returnFromGitHub(state.replace(RILEY, SAM), cookie);

    expect(page.statusCode).toBe(400);
    expect(title(page)).toBe("This link is not valid");
    expect(bot.github.userTokens.size).toBe(0);
    expect(await command(ADMIN_ID, `whois <@${SAM}>`)).toBe(`No GitHub account is connected to <@${SAM}>.`);
  });

  it("refuses a replayed state: the same sign-in link used a second time", async () => {
    const { state, cookie } = await startConnecting(RILEY);
    await returnFromGitHub(state, cookie);

    const again = await returnFromGitHub(state, cookie, { login: "someone-else", id: 99 });

    expect(again.statusCode).toBe(400);
    expect(title(again)).toBe("This link was already used");
    expect(await command(ADMIN_ID, `whois <@${RILEY}>`)).toContain("`riley-gh`");
  });

  it("refuses an expired state", async () => {
    // Issued with the bot's own key, but longer ago than a state lives.
    const old = new Date(Date.now() - CONNECT_STATE_LIFETIME_MS - 1000);
    const state = new ConnectStateSigner(CLIENT_SECRET).issue(RILEY, old, "AAAAAAAAAAAAAAAAAAAAAA");

    const page = await returnFromGitHub(state, "copilot_connect=AAAAAAAAAAAAAAAAAAAAAA");

    expect(page.statusCode).toBe(400);
    expect(title(page)).toBe("This link has expired");
    expect(bot.github.userTokens.size).toBe(0);
  });

  it("refuses another person's state: a connect link forwarded and finished in a browser that did not open it", async () => {
    const riley = await startConnecting(RILEY);
    const sam = await startConnecting(SAM);

    // Sam's browser comes back from GitHub with Riley's state.
    const page = await returnFromGitHub(riley.state, sam.cookie, { login: "sam-gh", id: 77 });

    expect(page.statusCode).toBe(403);
    expect(title(page)).toBe("This link belongs to someone else");
    expect(await command(ADMIN_ID, `whois <@${RILEY}>`)).toBe(`No GitHub account is connected to <@${RILEY}>.`);
  });

  it("refuses a GitHub account another Slack person already proved, and tells the admins", async () => {
    const riley = await startConnecting(RILEY);
    await returnFromGitHub(riley.state, riley.cookie);
    const sam = await startConnecting(SAM);

    const page = await returnFromGitHub(sam.state, sam.cookie, RILEY_ON_GITHUB);

    expect(page.statusCode).toBe(409);
    expect(title(page)).toBe("This GitHub account belongs to someone else here");
    expect(await command(ADMIN_ID, "whois riley-gh")).toContain(`<@${RILEY}>`);
    const [told] = bot.slack.messagesTo(ADMIN_ID);
    expect(String(told?.text)).toContain(`<@${RILEY}> has it`);
    expect(String(told?.text)).toContain(`<@${SAM}> just proved it too`);
  });

  it("escapes what GitHub's page returns in its answer", async () => {
    const page = await browserGet(`${PUBLIC_URL}/github/callback?code=x&state=<script>`);

    expect(title(page)).toBe("This link is not valid");
    expect(page.body).not.toContain("<script>");
    expect(page.headers?.["content-security-policy"]).toContain("default-src 'none'");
  });
});

describe("/copilot help", () => {
  it("lists connect and disconnect for everyone and whois for admins", async () => {
    const help = await command(SAM, "help");

    expect(help).toContain("`/copilot connect`");
    expect(help).toContain("`/copilot disconnect`");
    expect(help).toContain("`/copilot whois @person`");
  });
});

describe("/copilot disconnect and /copilot whois", () => {
  beforeEach(async () => {
    const { state, cookie } = await startConnecting(RILEY);
    await returnFromGitHub(state, cookie);
  });

  it("a person disconnects their own account, and the audit trail records it", async () => {
    const answer = await command(RILEY, "disconnect");

    expect(answer).toContain("You are no longer connected to the GitHub account `riley-gh`");
    expect(await command(ADMIN_ID, `whois <@${RILEY}>`)).toBe(`No GitHub account is connected to <@${RILEY}>.`);
    const audit = await bot.receive(
      slashCommand({ userId: ADMIN_ID, text: "audit riley-gh", responseUrl: bot.slack.responseUrl("audit") }),
    );
    expect(audit.body).toContain("identity-disconnected");
    expect(audit.body).toContain("identity-linked");
  });

  it("only admins disconnect someone else", async () => {
    expect(await command(SAM, `disconnect <@${RILEY}>`)).toContain("Only Copilot admins can disconnect");
    expect(await command(ADMIN_ID, `whois <@${RILEY}>`)).toContain("`riley-gh`");

    expect(await command(ADMIN_ID, `disconnect <@${RILEY}>`)).toContain(`<@${RILEY}> is no longer connected`);
  });

  it("only admins may ask who is who", async () => {
    const answer = await command(SAM, `whois <@${RILEY}>`);

    expect(answer).toContain("Only Copilot admins can look up who is who");
    expect(answer).not.toContain("riley-gh");
  });
});
