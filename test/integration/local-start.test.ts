import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitHubFake } from "../fakes/github-fake.js";
import { SlackFake } from "../fakes/slack-fake.js";
import { BOT_TOKEN, GITHUB_TOKEN, ORG, testEnvironment } from "../support/bot-under-test.js";
import { slashCommand } from "../support/slack-requests.js";

const PORT = 3000 + Math.floor(Math.random() * 2000) + 20000;
const REQUESTER = "UREQUEST1";
const MANAGER = "UMANAGER1";

let github: GitHubFake;
let slack: SlackFake;
let bot: ChildProcess;
let workdir: string;
let output = "";

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (bot.exitCode !== null) throw new Error(`The bot exited with ${bot.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. Bot output:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  github = await new GitHubFake(ORG, GITHUB_TOKEN).start();
  slack = await new SlackFake(BOT_TOKEN).start();
  github.members.add("octocat");
  slack.addUsers({ id: REQUESTER }, { id: MANAGER });
  workdir = mkdtempSync(join(tmpdir(), "copilot-bot-start-"));
  // Run from an empty folder, as a new user would, so .data/ is created there.
  const tsx = join(process.cwd(), "node_modules/tsx/dist/cli.mjs");
  bot = spawn(process.execPath, [tsx, join(process.cwd(), "src/local/start.ts")], {
    cwd: workdir,
    env: {
      PATH: process.env.PATH,
      ...testEnvironment({ slackApiUrl: slack.apiUrl, githubApiUrl: github.url }),
      PORT: String(PORT),
    },
  });
  bot.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  bot.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  await until("the bot to listen", () => output.includes("listening on"));
});

afterAll(async () => {
  if (bot && bot.exitCode === null) {
    const exited = new Promise((resolve) => bot.once("exit", resolve));
    bot.kill("SIGTERM");
    await exited;
  }
  await Promise.all([github?.stop(), slack?.stop()]);
  rmSync(workdir, { recursive: true, force: true });
});

describe("npm start", () => {
  it("serves Slack at /slack/events, keeps data under .data/, and runs the worker in-process", async () => {
    const event = slashCommand({
      userId: REQUESTER,
      text: `request octocat <@${MANAGER}> local run`,
      responseUrl: slack.responseUrl("cmd"),
    });

    const response = await fetch(`http://localhost:${PORT}/slack/events`, {
      method: "POST",
      headers: event.headers as Record<string, string>,
      body: event.body,
    });

    expect(response.status).toBe(200);
    expect(await response.text()).toContain("octocat");
    const dm = await until("the manager's DM", () => slack.messagesTo(MANAGER)[0]);
    expect(JSON.stringify(dm.blocks)).toContain("approve_request");
    expect(output).toContain(".data/dynamodb");
  });

  it("refuses an unsigned request", async () => {
    const response = await fetch(`http://localhost:${PORT}/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "command=/copilot&text=status",
    });

    expect(response.status).toBe(401);
  });
});
