import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitHubFake } from "../fakes/github-fake.js";
import { SlackFake } from "../fakes/slack-fake.js";
import { BOT_TOKEN, GITHUB_TOKEN, ORG, testEnvironment } from "../support/bot-under-test.js";
import { signedSlackEvent, slashCommand } from "../support/slack-requests.js";

const REQUESTER = "UREQUEST1";
const MANAGER = "UMANAGER1";
const TSX = join(process.cwd(), "node_modules/tsx/dist/cli.mjs");
const START = join(process.cwd(), "src/local/start.ts");

let github: GitHubFake;
let slack: SlackFake;
let bot: LocalBot;
let port: number;
const workdirs: string[] = [];

/** `npm start` as a child process, with what it prints. */
interface LocalBot {
  process: ChildProcess;
  output(): string;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("No port");
  return address.port;
}

/** An empty folder to run from, as a new user would, so .data/ is created there. */
function newWorkdir(): string {
  const dir = mkdtempSync(join(tmpdir(), "copilot-bot-start-"));
  workdirs.push(dir);
  return dir;
}

function startBot(cwd: string, env: Record<string, string> = {}): LocalBot {
  const child = spawn(process.execPath, [TSX, START], {
    cwd,
    env: {
      PATH: process.env.PATH,
      ...testEnvironment({ slackApiUrl: slack.apiUrl, githubApiUrl: github.url }),
      ...env,
    },
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  return { process: child, output: () => output };
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (bot.process.exitCode !== null) throw new Error(`The bot exited with ${bot.process.exitCode}:\n${bot.output()}`);
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. Bot output:\n${bot.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits for a bot that should fail to start, and returns its exit code and output. */
async function failedStart(failing: LocalBot): Promise<{ code: number | null; output: string }> {
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      failing.process.kill("SIGKILL");
      reject(new Error(`Expected the bot to stop, but it kept running:\n${failing.output()}`));
    }, 50_000);
    failing.process.once("exit", (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  return { code, output: failing.output() };
}

/** A start-up failure is told in words, without the stack trace of the error behind it. */
function expectNoStackTrace(output: string): void {
  expect(output).not.toMatch(/^\s+at /m);
}

function post(event: { headers: Record<string, string | undefined> | undefined; body?: string }): Promise<Response> {
  return fetch(`http://localhost:${port}/slack/events`, {
    method: "POST",
    headers: event.headers as Record<string, string>,
    body: event.body ?? "",
  });
}

beforeAll(async () => {
  github = await new GitHubFake(ORG, GITHUB_TOKEN).start();
  slack = await new SlackFake(BOT_TOKEN).start();
  github.members.add("octocat");
  slack.addUsers({ id: REQUESTER }, { id: MANAGER });
  port = await freePort();
  bot = startBot(newWorkdir(), { PORT: String(port) });
  await until("the bot to listen", () => bot.output().includes("listening on"), 50_000);
});

afterAll(async () => {
  if (bot && bot.process.exitCode === null) {
    const exited = new Promise((resolve) => bot.process.once("exit", resolve));
    bot.process.kill("SIGTERM");
    await exited;
  }
  await Promise.all([github?.stop(), slack?.stop()]);
  for (const dir of workdirs) rmSync(dir, { recursive: true, force: true });
});

describe("npm start", () => {
  it("serves Slack at /slack/events, keeps data under .data/, and runs the worker in-process", async () => {
    const response = await post(
      slashCommand({
        userId: REQUESTER,
        text: `request octocat <@${MANAGER}> local run`,
        responseUrl: slack.responseUrl("cmd"),
      }),
    );

    expect(response.status).toBe(200);
    expect(await response.text()).toContain("octocat");
    const dm = await until("the manager's DM", () => slack.messagesTo(MANAGER)[0]);
    expect(JSON.stringify(dm.blocks)).toContain("approve_request");
    expect(bot.output()).toContain(".data/dynamodb");
  });

  it("says when the maintenance sweep runs, and that the digest is off without DIGEST_CHANNEL", () => {
    expect(bot.output()).toContain("Maintenance sweep every 15m; no weekly digest (DIGEST_CHANNEL is not set).");
  });

  it("refuses an unsigned request", async () => {
    const response = await post({
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "command=/copilot&text=status",
    });

    expect(response.status).toBe(401);
  });

  it("refuses with 401 a request signed 10 minutes in the future, as the Lambda does", async () => {
    const inTenMinutes = Math.floor(Date.now() / 1000) + 10 * 60;

    const response = await post(
      slashCommand({
        userId: REQUESTER,
        text: "status",
        responseUrl: slack.responseUrl("future"),
        timestamp: inTenMinutes,
      }),
    );

    expect(response.status).toBe(401);
  });

  it("answers 404 outside POST /slack/events", async () => {
    const response = await fetch(`http://localhost:${port}/elsewhere`);

    expect(response.status).toBe(404);
  });

  it("survives a correctly signed payload=null and answers the next request", async () => {
    await post(signedSlackEvent("payload=null", "application/x-www-form-urlencoded"));

    const next = await post(slashCommand({ userId: REQUESTER, text: "help", responseUrl: slack.responseUrl("after") }));

    expect(next.status).toBe(200);
    expect(bot.process.exitCode).toBeNull();
  });

  it("refuses a body over 1 MB with 413 and keeps running", async () => {
    const response = await post(
      signedSlackEvent(`text=${"x".repeat(1024 * 1024)}`, "application/x-www-form-urlencoded"),
    );

    expect(response.status).toBe(413);
    expect(bot.process.exitCode).toBeNull();
  });
});

// Each case starts its own `npm start`, which spends most of its time loading modules: run them side by side.
describe.concurrent("npm start fails in one line that says what to change", { timeout: 60_000 }, () => {
  it("when the port is in use by another program", async () => {
    const { code, output } = await failedStart(startBot(newWorkdir(), { PORT: String(port) }));

    expect(code).toBe(1);
    expect(output).toContain(`Port ${port} is in use by another program: stop it or set PORT`);
    expectNoStackTrace(output);
  });

  it("when another npm start already uses .data in the same folder", async () => {
    const sameFolder = workdirs[0];
    if (!sameFolder) throw new Error("The first bot's folder is unknown");

    const { code, output } = await failedStart(startBot(sameFolder, { PORT: String(await freePort()) }));

    expect(code).toBe(1);
    expect(output).toContain(
      "Another `npm start` is already using .data/dynamodb in this folder: stop it, or set DYNAMODB_ENDPOINT / run from another folder.",
    );
    expectNoStackTrace(output);
    expect(bot.process.exitCode).toBeNull();
  });

  it("when .data is a file", async () => {
    const dir = newWorkdir();
    writeFileSync(join(dir, ".data"), "not a folder");

    const { code, output } = await failedStart(startBot(dir, { PORT: String(await freePort()) }));

    expect(code).toBe(1);
    expect(output).toContain("Cannot keep data in .data/dynamodb: .data is a file, not a folder. Move or delete it");
    expectNoStackTrace(output);
  });

  it("when SWEEP_EVERY is not a duration", async () => {
    const { code, output } = await failedStart(
      startBot(newWorkdir(), { PORT: String(await freePort()), SWEEP_EVERY: "15" }),
    );

    expect(code).toBe(1);
    expect(output).toContain('SWEEP_EVERY: "15" is not a duration');
    expectNoStackTrace(output);
  });
});
