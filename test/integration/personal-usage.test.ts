import { describe, expect, it } from "vitest";
import type { PersonalSummary } from "../../src/digest/personal-usage.js";
import { createDocumentClient } from "../../src/dynamodb/dynamodb-client.js";
import { DynamoDbPersonalUsage } from "../../src/dynamodb/dynamodb-personal-usage.js";
import { ADMIN_ID, TABLE_NAME, useBot } from "../support/bot-under-test.js";
import { appHomeOpened, slashCommand } from "../support/slack-requests.js";

const HOLDER = "UHOLDER01";
const COLLEAGUE = "UCOLLEA01";
/** When the request whose login the bot remembers was filed. */
const FILED_AT = "2026-11-01T09:00:00.000Z";

const bot = useBot((fresh) => {
  fresh.slack.addUsers({ id: ADMIN_ID }, { id: HOLDER }, { id: COLLEAGUE });
});

const SUMMARY: PersonalSummary = {
  login: "octocat",
  range: { first: "2026-10-24", last: "2026-11-20" },
  activeDays: 12,
  lastActiveDay: "2026-11-19",
  features: ["code_completion", "chat_panel_agent_mode"],
  ides: ["vscode"],
  completions: { suggested: 200, accepted: 70 },
  acceptanceRate: 35,
  usedChat: true,
  usedAgent: true,
  usedCli: false,
  aiCredits: 12.5,
  storedAt: "2026-11-21T09:00:00.000Z",
};

async function keep(summary: PersonalSummary) {
  const store = new DynamoDbPersonalUsage(
    createDocumentClient({ region: "us-east-1", endpoint: bot.dynamodb.endpoint }),
    TABLE_NAME,
  );
  await store.saveSummaries([summary]);
}

async function seat(userId: string, text = "seat") {
  const response = await bot.receive(slashCommand({ userId, text, responseUrl: bot.slack.responseUrl("seat") }));
  expect(response.statusCode).toBe(200);
  const body = JSON.parse(response.body || "{}") as {
    text?: string;
    blocks?: { text?: { text: string }; elements?: { text: string }[] }[];
  };
  const blocks = (body.blocks ?? [])
    .map((b) => [b.text?.text ?? "", ...(b.elements ?? []).map((e) => e.text)].join("\n"))
    .join("\n");
  return { text: body.text ?? "", blocks };
}

describe("your own Copilot use, in /copilot seat", () => {
  it("shows the seat's holder their last 28 days at once, from the summary the digest kept", async () => {
    await bot.store.saveGitHubLogin(HOLDER, "octocat", FILED_AT);
    await keep(SUMMARY);

    const answer = await seat(HOLDER);

    expect(answer.text).toContain("Looking up the Copilot seat of `octocat`");
    expect(answer.blocks).toContain("*Your Copilot use, 2026-10-24 – 2026-11-20*");
    expect(answer.blocks).toContain("• Active on *12* of 28 days, last on 2026-11-19");
    expect(answer.blocks).toContain("• Code completion acceptance rate: *35.0%* (70 of 200 inline suggestions)");
    expect(answer.blocks).toContain("• Features: code completions, agent mode");
    expect(answer.blocks).toContain("• AI credits used: *12.5*");
    expect(answer.blocks).toContain("Only you and Copilot admins can see this.");
  });

  it("shows it to an admin looking up the seat", async () => {
    await keep(SUMMARY);

    const answer = await seat(ADMIN_ID, "seat octocat");

    expect(answer.blocks).toContain("• Active on *12* of 28 days");
  });

  it("refuses it to anyone else, with the rest of the seat", async () => {
    await bot.store.saveGitHubLogin(COLLEAGUE, "hubot", FILED_AT);
    await keep(SUMMARY);

    const answer = await seat(COLLEAGUE, "seat octocat");

    expect(answer.text).toMatch(/Only Copilot admins/);
    expect(answer.blocks).not.toContain("Active on");
    expect(JSON.stringify(answer)).not.toContain("35.0%");
  });

  it("says there is no usage on record when the digest saw none", async () => {
    await bot.store.saveGitHubLogin(HOLDER, "octocat", FILED_AT);

    const answer = await seat(HOLDER);

    expect(answer.blocks).toContain("No Copilot usage on record for `octocat` in the last 28 days");
  });

  it("does not show a summary past its time to live, though DynamoDB may not have deleted it yet", async () => {
    await bot.store.saveGitHubLogin(HOLDER, "octocat", FILED_AT);
    // Stored 40 days ago: expired 5 days ago.
    await keep({ ...SUMMARY, storedAt: new Date(Date.now() - 40 * 86_400_000).toISOString() });

    const answer = await seat(HOLDER);

    expect(answer.blocks).toContain("No Copilot usage on record for `octocat`");
  });
});

describe("your own Copilot use, on the Home tab", () => {
  let nextEvent = 1;

  async function homeOf(userId: string): Promise<string> {
    const response = await bot.receive(appHomeOpened({ userId, eventId: `EvUsage${nextEvent++}` }));
    expect(response.statusCode).toBe(200);
    await bot.runWorker();
    const published = bot.slack.callsTo("views.publish").filter((c) => c.params.user_id === userId);
    expect(published.length).toBeGreaterThan(0);
    return JSON.stringify(published.at(-1)?.params.view);
  }

  it("shows the seat's holder their last 28 days under their seat", async () => {
    await bot.store.saveGitHubLogin(HOLDER, "octocat", FILED_AT);
    bot.github.seats.set("octocat", { login: "octocat", lastActivityAt: "2026-11-19T12:00:00Z" });
    await keep(SUMMARY);

    const home = await homeOf(HOLDER);

    expect(home).toContain("*Your Copilot seat*");
    expect(home).toContain("Active on *12* of 28 days, last on 2026-11-19");
    expect(home).toContain("Only you and Copilot admins can see this.");
  });

  it("shows nobody else's summary on their own Home tab", async () => {
    await bot.store.saveGitHubLogin(COLLEAGUE, "hubot", FILED_AT);
    bot.github.seats.set("hubot", { login: "hubot", lastActivityAt: "2026-11-19T12:00:00Z" });
    await keep(SUMMARY);

    const home = await homeOf(COLLEAGUE);

    expect(home).toContain("*Your Copilot seat*");
    expect(home).not.toContain("Active on");
  });
});
