import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SANDBOX_BOT_TOKEN, SANDBOX_SIGNING_SECRET } from "../../src/sandbox/sandbox-people.js";
import { type BotAnswer, SandboxSlack, slackSignatureHeaders } from "../../src/sandbox/sandbox-slack.js";
import { hasValidSignature } from "../../src/slack/inbound-request.js";

const AUTH = `Bearer ${SANDBOX_BOT_TOKEN}`;
const MODAL = { type: "modal", title: { type: "plain_text", text: "Request Copilot" }, blocks: [] };

/** A workspace whose bot answers every request with `answer`, recording what it was sent. */
function workspace(answer: BotAnswer = { status: 200, body: "", contentType: "text/plain" }) {
  const sent: { body: string; contentType: string }[] = [];
  const slack = new SandboxSlack(
    () => "http://localhost:3000",
    async (body, contentType) => {
      sent.push({ body, contentType });
      return answer;
    },
  );
  return { slack, sent };
}

function formOf(body: string) {
  return Object.fromEntries(new URLSearchParams(body));
}

describe("the sandbox workspace keeps Slack's limits", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("finds people by their email, as the identity sync looks them up", () => {
    const { slack } = workspace();
    expect(
      slack.answerApi("users.lookupByEmail", { email: "morgan.manager@acme-sandbox.example" }, AUTH).body,
    ).toMatchObject({ ok: true, user: { id: "U0MANAGER" } });
    expect(slack.answerApi("users.lookupByEmail", { email: "nobody@example.com" }, AUTH).body).toEqual({
      ok: false,
      error: "users_not_found",
    });
  });

  it("lists its people with their emails on one page, as the identity sync reads the directory", () => {
    const { slack } = workspace();

    const body = slack.answerApi("users.list", { limit: 200 }, AUTH).body as {
      members: { id: string; profile: { email: string } }[];
      response_metadata: { next_cursor: string };
    };

    expect(body.members).toContainEqual(
      expect.objectContaining({
        id: "U0MANAGER",
        profile: expect.objectContaining({ email: "morgan.manager@acme-sandbox.example" }),
      }),
    );
    expect(body.response_metadata.next_cursor).toBe("");
  });

  it("refuses a wrong token with invalid_auth", () => {
    const { slack } = workspace();
    expect(slack.answerApi("auth.test", {}, "Bearer xoxb-other").body).toEqual({ ok: false, error: "invalid_auth" });
  });

  it("opens a modal with a fresh trigger_id, and refuses one older than 3 seconds", async () => {
    const { slack, sent } = workspace();
    await slack.command("U0REQUESTER", "D0REQUESTER", "/copilot request");
    await slack.command("U0REQUESTER", "D0REQUESTER", "/copilot request");
    const [first, second] = sent.map((request) => formOf(request.body).trigger_id);

    expect(slack.answerApi("views.open", { trigger_id: first, view: MODAL }, AUTH).body).toMatchObject({ ok: true });
    vi.setSystemTime(Date.now() + 3001);
    expect(slack.answerApi("views.open", { trigger_id: second, view: MODAL }, AUTH).body).toEqual({
      ok: false,
      error: "expired_trigger_id",
    });
  });

  it("takes 5 posts at a response_url, then answers used_url", async () => {
    const { slack, sent } = workspace();
    await slack.command("U0REQUESTER", "D0REQUESTER", "/copilot status");
    const id = formOf(sent[0]?.body ?? "").response_url?.split("/response/")[1] ?? "";

    const statuses = Array.from({ length: 6 }, () => slack.answerResponseUrl(id, { text: "hi" }).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
  });

  it("answers expired_url to a response_url older than 30 minutes", async () => {
    const { slack, sent } = workspace();
    await slack.command("U0REQUESTER", "D0REQUESTER", "/copilot status");
    const id = formOf(sent[0]?.body ?? "").response_url?.split("/response/")[1] ?? "";
    vi.setSystemTime(Date.now() + 30 * 60_000 + 1);

    expect(slack.answerResponseUrl(id, { text: "late" })).toMatchObject({ status: 404, body: "expired_url" });
  });

  it("refuses a message over Slack's block limits with invalid_blocks", () => {
    const { slack } = workspace();
    const blocks = Array.from({ length: 51 }, () => ({ type: "divider" }));
    expect(slack.answerApi("chat.postMessage", { channel: "U0MANAGER", blocks }, AUTH).body).toMatchObject({
      ok: false,
      error: "invalid_blocks",
    });
    expect(slack.viewFor("U0MANAGER").messages).toEqual([]);
  });

  it("shows Slack's operation_timeout when the bot does not acknowledge within 3 seconds", async () => {
    vi.useRealTimers();
    const slack = new SandboxSlack(
      () => "http://localhost:3000",
      () => new Promise<BotAnswer>(() => {}),
    );
    await slack.command("U0REQUESTER", "D0REQUESTER", "/copilot help");
    expect(slack.viewFor("U0REQUESTER").messages.at(-1)?.text).toMatch(/operation_timeout/);
  });

  it("shows Slack's dispatch_failed when the bot refuses a command", async () => {
    const { slack } = workspace({ status: 401, body: "", contentType: "text/plain" });
    await slack.command("U0REQUESTER", "D0REQUESTER", "/copilot help");
    expect(slack.viewFor("U0REQUESTER").messages.at(-1)?.text).toMatch(/dispatch_failed/);
  });

  it("signs what it sends so that the bot's own verification accepts it", () => {
    const body = "command=%2Fcopilot&text=help";
    const headers = slackSignatureHeaders(body);
    expect(hasValidSignature(headers, body, SANDBOX_SIGNING_SECRET)).toBe(true);
    expect(hasValidSignature(headers, `${body}&x=1`, SANDBOX_SIGNING_SECRET)).toBe(false);
  });

  it("tells the bot each time someone opens the Home tab", async () => {
    const { slack, sent } = workspace();
    await slack.openHome("U0MANAGER");
    expect(sent[0]?.contentType).toBe("application/json");
    expect(JSON.parse(sent[0]?.body ?? "{}").event).toMatchObject({ type: "app_home_opened", user: "U0MANAGER" });
  });
});
