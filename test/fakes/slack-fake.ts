import { slackLimitProblems } from "../../src/fakes/slack-limits.js";
import { type FakeAnswer, type FakeRequest, type FakeResponse, HttpFakeServer, NO_ANSWER } from "./http-fake.js";

export interface SlackCall {
  method: string;
  params: Record<string, unknown>;
  authorization?: string;
  /** The fault the fake answered with instead of doing the call; the call had no effect. */
  fault?: SlackFault;
}

/**
 * How a Slack call fails:
 * - `{ status }`: an HTTP error (500, 503, or 429, which Slack answers with `{ ok: false, error: "ratelimited" }`),
 *   with `retryAfter` seconds in a `Retry-After` header if given;
 * - `{ error }`: HTTP 200 with `{ ok: false, error }` (`channel_not_found`, `message_not_found`, `invalid_auth`, …),
 *   or with another `status` if given (a real rate limit is `{ status: 429, retryAfter }`, body `ratelimited`);
 * - `"hang"`: no answer at all, until the fake is reset or stopped.
 */
export type SlackFault =
  | { status: number; error?: string; retryAfter?: number }
  | { error: string; status?: number; retryAfter?: number }
  | "hang";

export interface SlackResponsePost {
  path: string;
  body: Record<string, unknown>;
  fault?: SlackFault;
}

export interface SlackUserFixture {
  id: string;
  name?: string;
  deleted?: boolean;
  isBot?: boolean;
  /** A multi-channel guest (`is_restricted`). */
  restricted?: boolean;
  /** A single-channel guest (`is_ultra_restricted`; Slack sets `is_restricted` too). */
  ultraRestricted?: boolean;
  /** Another workspace's team, for a Slack Connect user; the fake's own team is T0001. */
  teamId?: string;
  /** The profile email, found by `users.lookupByEmail` (case-insensitively, as Slack matches) and in `users.list`. */
  email?: string;
}

/** The fake workspace's team. */
export const SLACK_TEAM_ID = "T0001";

/** Fields Slack sends JSON-encoded inside form posts. */
const JSON_FIELDS = new Set(["blocks", "attachments", "view", "metadata", "files"]);

/** A file uploaded through files.getUploadURLExternal → upload URL → files.completeUploadExternal. */
export interface SlackUpload {
  fileId: string;
  filename: string;
  bytes?: Buffer;
  /** Set once the upload is completed and shared. */
  channelId?: string;
  title?: string;
  initialComment?: string;
}

/**
 * The Slack Web API methods the bot calls, plus `response_url` endpoints. It records every call, answers in Slack's
 * wire format (`{ ok: true, … }`), refuses a wrong token like Slack does, and collects messages that break Slack's
 * Block Kit limits in `limitViolations`.
 */
export class SlackFake extends HttpFakeServer {
  readonly calls: SlackCall[] = [];
  /** Every post to a `response_url`, including those the fake failed (they carry `fault`). */
  readonly responses: SlackResponsePost[] = [];
  readonly limitViolations: string[] = [];
  readonly users = new Map<string, SlackUserFixture>();
  readonly uploads: SlackUpload[] = [];
  private nextTs = 1;
  private readonly methodFaults = new Map<string, SlackFault[]>();
  private readonly responseFaults: SlackFault[] = [];
  constructor(readonly botToken: string) {
    super();
  }

  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  get baseUrl(): string {
    return this.url;
  }

  responseUrl(name: string): string {
    return `${this.baseUrl}/response/${name}`;
  }

  /**
   * The next `times` calls of a Web API method fail with `fault` instead of taking effect; they are still recorded
   * in `calls` (with `fault`). E.g. `slack.failNext("chat.update", { error: "message_not_found" })`,
   * `slack.failNext("chat.postMessage", { status: 429, retryAfter: 1 })`, `slack.failNext("users.info", "hang")`.
   */
  failNext(method: string, fault: SlackFault, times = 1): void {
    this.methodFaults.set(method, [...(this.methodFaults.get(method) ?? []), ...Array<SlackFault>(times).fill(fault)]);
  }

  /** The next `times` posts to any `response_url` fail with `fault`; recorded in `responses` with `fault`. */
  failResponses(fault: SlackFault, times = 1): void {
    this.responseFaults.push(...Array<SlackFault>(times).fill(fault));
  }

  /** Slack answers again: the faults not yet used are dropped; what was recorded stays. */
  recover(): void {
    this.methodFaults.clear();
    this.responseFaults.length = 0;
  }

  /** Clears every fixture, record and pending fault, and drops the connections of calls left hanging. */
  reset(): void {
    this.methodFaults.clear();
    this.responseFaults.length = 0;
    this.releaseHangs();
    this.calls.length = 0;
    this.responses.length = 0;
    this.limitViolations.length = 0;
    this.users.clear();
    this.uploads.length = 0;
  }

  addUsers(...users: SlackUserFixture[]): void {
    for (const user of users) this.users.set(user.id, user);
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages Slack accepted for a user (the bot's DM with them); posts the fake failed are not among them. */
  messagesTo(userId: string): Record<string, unknown>[] {
    return this.callsTo("chat.postMessage")
      .filter((c) => !c.fault && (c.params.channel === userId || c.params.channel === `D${userId}`))
      .map((c) => c.params);
  }

  /** What Slack accepted at one `response_url`; posts the fake failed are only in `responses`. */
  responsesAt(name: string): Record<string, unknown>[] {
    return this.responses.filter((r) => r.path === `/response/${name}` && !r.fault).map((r) => r.body);
  }

  protected answer(request: FakeRequest): FakeAnswer {
    const params = parseParams(request);
    if (request.url.pathname.startsWith("/upload/")) {
      const upload = this.uploads.find((u) => request.url.pathname === `/upload/${u.fileId}`);
      if (!upload) return { status: 404, body: "no such upload", headers: { "content-type": "text/plain" } };
      upload.bytes = fileContent(request);
      return { status: 200, body: `OK - ${request.bytes.length}`, headers: { "content-type": "text/plain" } };
    }
    if (request.url.pathname.startsWith("/response/")) {
      const fault = this.responseFaults.shift();
      this.responses.push({ path: request.url.pathname, body: params, ...(fault ? { fault } : {}) });
      if (fault) return faultAnswer(fault, "text/plain");
      this.checkLimits("response_url", params);
      return { status: 200, body: "ok", headers: { "content-type": "text/plain" } };
    }
    const method = request.url.pathname.replace(/^\/api\//, "");
    const authorization = request.headers.authorization;
    const fault = this.methodFaults.get(method)?.shift();
    this.calls.push({ method, params, authorization, ...(fault ? { fault } : {}) });
    if (fault) return faultAnswer(fault, "json");
    const token = authorization?.replace(/^Bearer /, "") ?? params.token;
    if (token !== this.botToken) return ok({ ok: false, error: "invalid_auth" });
    this.checkLimits(method, params);
    return ok(this.method(method, params));
  }

  private method(method: string, params: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: "https://acme.slack.com/",
          team: "Acme",
          user: "copilot",
          team_id: "T0001",
          user_id: "UBOT",
          bot_id: "BBOT",
        };
      case "chat.postMessage": {
        const channel = String(params.channel);
        const ts = `1700000000.${String(this.nextTs++).padStart(6, "0")}`;
        return {
          ok: true,
          channel: channel.startsWith("U") ? `D${channel}` : channel,
          ts,
          message: { text: params.text, ts },
        };
      }
      case "chat.update":
        return { ok: true, channel: params.channel, ts: params.ts, text: params.text };
      case "users.lookupByEmail": {
        const email = String(params.email).toLowerCase();
        const found = [...this.users.values()].find((user) => user.email?.toLowerCase() === email);
        if (!found) return { ok: false, error: "users_not_found" };
        return this.method("users.info", { user: found.id });
      }
      case "users.list": {
        // Cursor pagination as Slack does it: an opaque cursor, `limit` up to 1000, an empty next_cursor at the end.
        const limit = Math.min(Number(params.limit ?? 1000) || 1000, 1000);
        const all = [...this.users.values()];
        const start = params.cursor
          ? Number(Buffer.from(String(params.cursor), "base64").toString().replace("user:", ""))
          : 0;
        if (!Number.isInteger(start) || start < 0 || start > all.length) return { ok: false, error: "invalid_cursor" };
        const members = all.slice(start, start + limit).map((user) => {
          const { user: member } = this.method("users.info", { user: user.id }) as { user: Record<string, unknown> };
          return { ...member, profile: user.email ? { email: user.email } : {} };
        });
        const next = start + limit < all.length ? Buffer.from(`user:${start + limit}`).toString("base64") : "";
        return { ok: true, members, response_metadata: { next_cursor: next } };
      }
      case "users.info": {
        const user = this.users.get(String(params.user));
        if (!user) return { ok: false, error: "user_not_found" };
        const teamId = user.teamId ?? SLACK_TEAM_ID;
        return {
          ok: true,
          user: {
            id: user.id,
            team_id: teamId,
            name: user.name ?? user.id.toLowerCase(),
            real_name: user.name ?? user.id,
            deleted: user.deleted ?? false,
            is_bot: user.isBot ?? false,
            is_app_user: false,
            // Slack marks both kinds of guest restricted; single-channel guests are ultra-restricted as well.
            is_restricted: (user.restricted ?? false) || (user.ultraRestricted ?? false),
            is_ultra_restricted: user.ultraRestricted ?? false,
          },
        };
      }
      case "conversations.open":
        return { ok: true, channel: { id: `D${String(params.users).split(",")[0]}` } };
      case "files.getUploadURLExternal": {
        const fileId = `F${String(this.nextTs++).padStart(8, "0")}`;
        this.uploads.push({ fileId, filename: String(params.filename) });
        return { ok: true, upload_url: `${this.baseUrl}/upload/${fileId}`, file_id: fileId };
      }
      case "files.completeUploadExternal": {
        const files = (params.files ?? []) as { id: string; title?: string }[];
        for (const file of files) {
          const upload = this.uploads.find((u) => u.fileId === file.id);
          if (!upload?.bytes) return { ok: false, error: "file_not_found" };
          upload.title = file.title;
          if (params.channel_id) upload.channelId = String(params.channel_id);
          if (params.initial_comment) upload.initialComment = String(params.initial_comment);
        }
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      case "views.open":
        // trigger_id lives about three seconds; the fake lets a test name one that has run out.
        if (/expired/i.test(String(params.trigger_id))) return { ok: false, error: "expired_trigger_id" };
        return { ok: true, view: { id: `V${this.nextTs++}`, ...(params.view as object) } };
      case "views.publish":
      case "views.push":
      case "views.update":
        return { ok: true, view: { id: `V${this.nextTs++}`, ...(params.view as object) } };
      default:
        return { ok: false, error: "unknown_method" };
    }
  }

  private checkLimits(method: string, params: Record<string, unknown>): void {
    for (const problem of slackLimitProblems(params)) this.limitViolations.push(`${method}: ${problem}`);
  }
}

/** Slack's answer for a fault: `response_url` answers in plain text, the Web API in JSON. */
function faultAnswer(fault: SlackFault, kind: "json" | "text/plain"): FakeAnswer {
  if (fault === "hang") return NO_ANSWER;
  const status = fault.status ?? 200;
  const error = fault.error ?? (status === 429 ? "ratelimited" : undefined);
  const headers: Record<string, string> =
    fault.retryAfter === undefined ? {} : { "retry-after": String(fault.retryAfter) };
  if (kind === "text/plain" || error === undefined) {
    return { status, body: error ?? `HTTP ${status}`, headers: { "content-type": "text/plain", ...headers } };
  }
  return { status, body: { ok: false, error }, headers };
}

function ok(body: Record<string, unknown>): FakeResponse {
  return { status: 200, body };
}

function parseParams(request: FakeRequest): Record<string, unknown> {
  if (!request.rawBody) return {};
  if (request.headers["content-type"]?.includes("application/json")) return JSON.parse(request.rawBody);
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(request.rawBody)) {
    params[key] = JSON_FIELDS.has(key) ? JSON.parse(value) : value;
  }
  return params;
}

/** The file's bytes from an upload, which Slack takes either raw or as the one part of a multipart form. */
function fileContent(request: FakeRequest): Buffer {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(String(request.headers["content-type"] ?? ""));
  if (!boundary) return request.bytes;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const start = request.bytes.indexOf(delimiter) + delimiter.length;
  const headersEnd = request.bytes.indexOf("\r\n\r\n", start) + 4;
  const end = request.bytes.indexOf(Buffer.concat([Buffer.from("\r\n"), delimiter]), headersEnd);
  return request.bytes.subarray(headersEnd, end);
}
