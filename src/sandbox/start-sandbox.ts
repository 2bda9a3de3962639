import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Env } from "../config/config.js";
import { GITHUB_FAULTS, type GitHubFaultName, SandboxGitHub, type SavedGitHub } from "./sandbox-github.js";
import {
  DIGEST_CHANNEL,
  GENERAL_CHANNEL,
  SANDBOX_BOT,
  SANDBOX_BOT_TOKEN,
  SANDBOX_GITHUB_ORG,
  SANDBOX_GITHUB_TOKEN,
  SANDBOX_PEOPLE,
  SANDBOX_SIGNING_SECRET,
} from "./sandbox-people.js";
import {
  type ActionInput,
  type BotAnswer,
  parseSlackParams,
  SandboxInputError,
  SandboxSlack,
  type SavedSlack,
  type StateValues,
  slackSignatureHeaders,
} from "./sandbox-slack.js";

const PAGE_FOLDER = join(dirname(fileURLToPath(import.meta.url)), "page");
const PAGE_FILES: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/sandbox/page.js": { file: "page.js", type: "text/javascript; charset=utf-8" },
  "/sandbox/block-kit.js": { file: "block-kit.js", type: "text/javascript; charset=utf-8" },
  "/sandbox/page.css": { file: "page.css", type: "text/css; charset=utf-8" },
};
/** How long a page's request for news waits before answering "nothing new". */
const LONG_POLL_MS = 20_000;

export interface SandboxJobs {
  /** Runs a scheduled job now, by the name the schedule gives it ("weekly digest", "maintenance sweep"). */
  run(name: string): Promise<void>;
  /** Empties the bot's table, for "reset sandbox". */
  emptyTable(): Promise<void>;
}

export interface Sandbox {
  /** The bot's configuration: sandbox credentials, and the sandbox's own Slack and GitHub as their APIs. */
  env: Env;
  dataFolder: string;
  /** Serves the page and the sandbox's Slack endpoints; the bot's own route is served before it. */
  serve(request: IncomingMessage, response: ServerResponse): void;
  /** Gives the sandbox's controls the scheduled jobs and the table, once the bot has started. */
  attach(jobs: SandboxJobs): void;
  stop(): Promise<void>;
}

interface SavedSandbox {
  slack: SavedSlack;
  github: SavedGitHub;
}

/**
 * The sandbox `npm start` runs without credentials: a Slack workspace served on the bot's own port (the page at
 * `/`, Slack's Web API at `/api/`), and a GitHub organization on a loopback port of its own. The bot itself is
 * started by `start.ts` exactly as for a real workspace, with the configuration returned here.
 */
export async function startSandbox(options: { port: number; dataFolder: string; log: Console }): Promise<Sandbox> {
  const { port, log } = options;
  const baseUrl = `http://localhost:${port}`;
  const stateFile = join(options.dataFolder, "workspace.json");
  mkdirSync(options.dataFolder, { recursive: true });
  const saved = readSaved(stateFile);

  const sendToBot = async (body: string, contentType: string): Promise<BotAnswer> => {
    const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: "POST",
      headers: {
        "content-type": contentType,
        "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
        ...slackSignatureHeaders(body),
      },
      body,
    });
    return {
      status: response.status,
      body: await response.text(),
      contentType: response.headers.get("content-type") ?? "",
    };
  };

  const github = await new SandboxGitHub().start(saved?.github);
  const slack = new SandboxSlack(() => baseUrl, sendToBot);
  if (saved) slack.load(saved.slack);
  let jobs: SandboxJobs | undefined;
  const running = new Set<string>();

  // The workspace and the organization's seats are saved beside the table, so a restart finds both as they were.
  let saveTimer: NodeJS.Timeout | undefined;
  const save = () => {
    const state: SavedSandbox = { slack: slack.saved(), github: github.saved() };
    const temporary = `${stateFile}.tmp`;
    writeFileSync(temporary, JSON.stringify(state));
    renameSync(temporary, stateFile);
  };
  slack.onChange(() => {
    saveTimer ??= setTimeout(() => {
      saveTimer = undefined;
      save();
    }, 200);
  });
  // Whatever the bot sent GitHub that GitHub's OpenAPI description does not allow is said in the terminal and on the
  // page: someone changing a GitHub call sees it at once, as the tests would tell them.
  let violations: string[] = [];
  const violationTimer = setInterval(() => {
    const fresh = github.newViolations();
    for (const violation of fresh) log.warn(`Sandbox GitHub: off GitHub's contract: ${violation}`);
    if (fresh.length > 0) {
      violations = [...violations, ...fresh].slice(-10);
      slack.version += 1;
    }
  }, 1000);
  violationTimer.unref();

  // GitHub changes (a seat assigned) are not Slack changes; the page asks for both, so a version covers both.
  let githubVersion = JSON.stringify(github.seats());
  const version = () => {
    const now = JSON.stringify([github.seats(), github.pendingFault, [...running]]);
    if (now !== githubVersion) {
      githubVersion = now;
      slack.version += 1;
      save();
    }
    return slack.version;
  };

  const stateFor = (userId: string) => ({
    version: version(),
    people: SANDBOX_PEOPLE,
    bot: SANDBOX_BOT,
    channels: [GENERAL_CHANNEL, DIGEST_CHANNEL],
    me: userId,
    ...slack.viewFor(userId),
    github: {
      organization: SANDBOX_GITHUB_ORG,
      seats: github.seats(),
      pendingFault: github.pendingFault ?? null,
      contractViolations: violations,
      faults: Object.entries(GITHUB_FAULTS).map(([name, fault]) => ({ name, label: fault.label })),
    },
    running: [...running],
  });

  const waitForChange = (after: number) =>
    new Promise<void>((resolve) => {
      if (version() > after) return resolve();
      const timer = setTimeout(finish, LONG_POLL_MS);
      const poll = setInterval(() => {
        if (version() > after) finish();
      }, 250);
      const stopListening = slack.onChange(finish);
      function finish() {
        clearTimeout(timer);
        clearInterval(poll);
        stopListening();
        resolve();
      }
    });

  const runJob = async (name: string) => {
    if (!jobs) throw new SandboxInputError("The bot is still starting.");
    if (running.has(name)) return;
    running.add(name);
    slack.version += 1;
    try {
      await jobs.run(name);
    } finally {
      running.delete(name);
      slack.version += 1;
    }
  };

  const reset = async () => {
    if (!jobs) throw new SandboxInputError("The bot is still starting.");
    await jobs.emptyTable();
    slack.reset();
    github.seed(new Date());
    save();
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", baseUrl);
    const path = url.pathname;
    const method = request.method ?? "GET";
    const page = PAGE_FILES[path];
    if (method === "GET" && page) {
      return send(response, 200, readFileSync(join(PAGE_FOLDER, page.file)), page.type, {
        "cache-control": "no-store",
      });
    }
    if (method === "GET" && path === "/sandbox/state") {
      const userId = url.searchParams.get("user") ?? SANDBOX_PEOPLE[0]?.id ?? "";
      const after = Number(url.searchParams.get("after") ?? "-1");
      if (after >= 0) await waitForChange(after);
      return json(response, 200, stateFor(userId));
    }
    if (method === "GET" && path.startsWith("/sandbox/files/")) {
      const file = slack.file(decodeURIComponent(path.slice("/sandbox/files/".length)));
      if (!file?.bytes) return send(response, 404, "no such file", "text/plain");
      return send(response, 200, Buffer.from(file.bytes, "base64"), contentTypeOf(file.filename));
    }
    const body = await readBody(request);
    if (path.startsWith("/api/") && method === "POST") {
      const params = parseSlackParams(body.toString("utf8"), request.headers["content-type"]);
      const answer = slack.answerApi(path.slice("/api/".length), params, request.headers.authorization);
      return json(response, answer.status, answer.body);
    }
    if (path.startsWith("/response/") && method === "POST") {
      const params = parseSlackParams(body.toString("utf8"), request.headers["content-type"]);
      const answer = slack.answerResponseUrl(path.slice("/response/".length), params);
      return send(response, answer.status, String(answer.body), "text/plain");
    }
    if (path.startsWith("/upload/") && method === "POST") {
      const stored = slack.storeUpload(
        path.slice("/upload/".length),
        fileContent(body, request.headers["content-type"]),
      );
      return stored
        ? send(response, 200, `OK - ${body.length}`, "text/plain")
        : send(response, 404, "no such upload", "text/plain");
    }
    if (method !== "POST" || !path.startsWith("/sandbox/")) return send(response, 404, "Not found", "text/plain");

    const input = (body.length > 0 ? JSON.parse(body.toString("utf8")) : {}) as Record<string, unknown>;
    const userId = String(input.userId ?? "");
    switch (path) {
      case "/sandbox/command":
        await slack.command(userId, String(input.channel ?? ""), String(input.text ?? ""));
        break;
      case "/sandbox/action":
        await slack.action(input as unknown as ActionInput);
        break;
      case "/sandbox/submit":
        await slack.submit(userId, String(input.viewId ?? ""), (input.values ?? {}) as StateValues);
        break;
      case "/sandbox/close":
        slack.closeModal(userId, String(input.viewId ?? ""));
        break;
      case "/sandbox/home":
        await slack.openHome(userId);
        break;
      case "/sandbox/github-fault": {
        const fault = input.fault ? String(input.fault) : undefined;
        if (fault && !(fault in GITHUB_FAULTS)) throw new SandboxInputError(`No such failure: ${fault}`);
        github.failNextSeatAssignment(fault as GitHubFaultName | undefined);
        break;
      }
      case "/sandbox/run":
        await runJob(String(input.job ?? ""));
        break;
      case "/sandbox/reset":
        await reset();
        break;
      default:
        return send(response, 404, "Not found", "text/plain");
    }
    return json(response, 200, { ok: true });
  };

  return {
    env: {
      SLACK_SIGNING_SECRET: SANDBOX_SIGNING_SECRET,
      SLACK_BOT_TOKEN: SANDBOX_BOT_TOKEN,
      SLACK_API_URL: `http://127.0.0.1:${port}/api/`,
      GITHUB_ORG: SANDBOX_GITHUB_ORG,
      GITHUB_TOKEN: SANDBOX_GITHUB_TOKEN,
      GITHUB_API_URL: github.apiUrl,
      COPILOT_ADMIN_IDS: SANDBOX_PEOPLE.filter((person) => person.admin)
        .map((person) => person.id)
        .join(","),
      DIGEST_CHANNEL: DIGEST_CHANNEL.id,
      REPORT_DOWNLOAD_TEST_ORIGIN: github.reportOrigin,
      // GitHub's failures in the sandbox are injected on purpose; retrying them quickly keeps the page lively.
      GITHUB_RETRY_BASE_MS: "200",
      PORT: String(port),
      SWEEP_EVERY: "15m",
      TIME_ZONE: "UTC",
    },
    dataFolder: options.dataFolder,
    serve(request, response) {
      // The page drives the bot as anyone in the workspace: it answers this machine only, not the network.
      if (!isLoopback(request.socket.remoteAddress)) {
        request.resume();
        return send(response, 403, "The sandbox answers only this machine.", "text/plain");
      }
      handle(request, response).catch((error) => {
        const known = error instanceof SandboxInputError;
        if (!known) log.error(`Sandbox: ${request.method} ${request.url} failed:`, error);
        if (!response.headersSent)
          json(response, known ? 400 : 500, { ok: false, error: String((error as Error).message) });
        else response.destroy();
      });
    },
    attach(attached) {
      jobs = attached;
    },
    async stop() {
      clearInterval(violationTimer);
      if (saveTimer) {
        clearTimeout(saveTimer);
        save();
      }
      await github.stop();
    },
  };
}

function isLoopback(address: string | undefined): boolean {
  return address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1";
}

function readSaved(file: string): SavedSandbox | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as SavedSandbox;
  } catch {
    return undefined;
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(
  response: ServerResponse,
  status: number,
  body: string | Buffer,
  type: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { "content-type": type, ...headers });
  response.end(body);
}

function json(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, JSON.stringify(body), "application/json; charset=utf-8", { "cache-control": "no-store" });
}

function contentTypeOf(filename: string): string {
  if (filename.endsWith(".png")) return "image/png";
  if (filename.endsWith(".svg")) return "image/svg+xml";
  if (filename.endsWith(".csv")) return "text/csv; charset=utf-8";
  return "application/octet-stream";
}

/** An upload's bytes: Slack takes them raw or as the one part of a multipart form. */
function fileContent(bytes: Buffer, contentType: string | undefined): Buffer {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType ?? "");
  if (!boundary) return bytes;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const start = bytes.indexOf(delimiter) + delimiter.length;
  const headersEnd = bytes.indexOf("\r\n\r\n", start) + 4;
  const end = bytes.indexOf(Buffer.concat([Buffer.from("\r\n"), delimiter]), headersEnd);
  return bytes.subarray(headersEnd, end);
}
