import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CopilotMetricsFake } from "../fakes/copilot-metrics-fake.js";
import { SlackFake } from "../fakes/slack-fake.js";
import { basicError } from "../fixtures/github-objects.js";
import { BOT_TOKEN, GITHUB_TOKEN, ORG, testEnvironment } from "../support/bot-under-test.js";
import { blocksText, serveReportsApi, serveSeats } from "../support/digest-scenario.js";
import { DIGEST_CHANNEL } from "../support/digest-under-test.js";

let metrics: CopilotMetricsFake;
let slack: SlackFake;
let workdir: string;

beforeAll(async () => {
  metrics = await new CopilotMetricsFake(ORG, GITHUB_TOKEN).start();
  slack = await new SlackFake(BOT_TOKEN).start();
  serveReportsApi(metrics);
  serveSeats(metrics);
  // A directory of its own, so that no .env of the developer's is read.
  workdir = mkdtempSync(join(tmpdir(), "copilot-digest-run-"));
});

afterAll(async () => {
  await Promise.all([metrics.stop(), slack.stop()]);
  rmSync(workdir, { recursive: true, force: true });
});

function runDigest(): Promise<{ code: number | null; output: string }> {
  // tsx's own CLI, by path: the working directory has no node_modules to resolve it from.
  const tsx = join(process.cwd(), "node_modules/tsx/dist/cli.mjs");
  const child: ChildProcess = spawn(process.execPath, [tsx, join(process.cwd(), "src/local/run-digest.ts")], {
    cwd: workdir,
    env: {
      PATH: process.env.PATH,
      ...testEnvironment({ slackApiUrl: slack.apiUrl, githubApiUrl: metrics.url }),
      DIGEST_CHANNEL,
      REPORT_DOWNLOAD_TEST_ORIGIN: metrics.storage.url,
    },
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    output += String(chunk);
  });
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, output })));
}

describe("npm run digest", () => {
  it("builds the digest once with the local configuration and posts it", async () => {
    const { code, output } = await runDigest();

    expect(output).toContain("Posted: organization acme → CDIGEST01");
    expect(code).toBe(0);
    const posted = slack.callsTo("chat.postMessage").filter((c) => c.params.channel === DIGEST_CHANNEL);
    expect(posted).toHaveLength(1);
    const text = blocksText(posted[0]?.params ?? {});
    // The same fixtures as digest-reports.test.ts: 412 / 1030 = 40.0 %.
    expect(text).toContain("*33.2%* of inline code suggestions accepted in the week (272 of 820)");
    // Without DYNAMODB_ENDPOINT there is no table to read: the digest says so rather than showing zeros.
    expect(text).toContain("*Requests through the bot*: not counted in this run");
    expect(output).toContain("Request figures and the usage history are left out: DYNAMODB_ENDPOINT is not set.");
    expect(slack.uploads).toHaveLength(1);
    expect(metrics.violations).toEqual([]);
  });

  it("exits with a non-zero code, after posting what to enable, when GitHub refuses the metrics", async () => {
    slack.reset();
    metrics.serveReport("organization-28-day", {
      status: 403,
      body: basicError("Resource not accessible by integration", 403),
    });

    const { code, output } = await runDigest();

    expect(code).toBe(1);
    expect(output).toContain("[METRICS_PERMISSION_MISSING]");
    const posted = slack.callsTo("chat.postMessage").filter((c) => c.params.channel === DIGEST_CHANNEL);
    expect(String(posted[0]?.params.text)).toContain("“Organization Copilot metrics” (read)");
  });
});
