import { createHmac, timingSafeEqual } from "node:crypto";
import { isSlackUserId } from "../identifiers.js";
import { isWithinRequestWindow } from "./request-window.js";

/** What to do with a request from outside before Bolt sees it. */
export type InboundVerdict = { ok: true } | { ok: false; status: 400 | 401; reason: string };

/** Slack's own caps, used as the bound for anything the bot reads from a payload. */
const MAX_BODY_BYTES = 1_000_000;
const MAX_ACTION_VALUE = 2000;
const MAX_PRIVATE_METADATA = 3000;
const MAX_COMMAND_TEXT = 4000;
const MAX_SHORT_FIELD = 255;

function header(headers: Record<string, string | undefined>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

/**
 * Slack's signature: `v0=` and the hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` under the signing secret,
 * compared in constant time.
 */
export function hasValidSignature(
  headers: Record<string, string | undefined>,
  rawBody: string,
  signingSecret: string,
): boolean {
  const signature = header(headers, "x-slack-signature") ?? "";
  const timestamp = header(headers, "x-slack-request-timestamp") ?? "";
  if (!/^v0=[0-9a-f]{64}$/.test(signature)) return false;
  const expected = `v0=${createHmac("sha256", signingSecret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
  return timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
}

/**
 * Verifies a request as Slack signed it (timestamp within five minutes either way, then the signature) before a
 * single byte of it is parsed, then checks the shape of what Bolt will read. Unsigned or unverifiable requests get
 * 401; signed but malformed ones get 400. Nothing from outside can make the function throw.
 */
export function checkInboundRequest(
  headers: Record<string, string | undefined>,
  rawBody: string,
  signingSecret: string,
  now: Date,
): InboundVerdict {
  if (!isWithinRequestWindow(headers, now)) return { ok: false, status: 401, reason: "timestamp outside the window" };
  if (Buffer.byteLength(rawBody) > MAX_BODY_BYTES) return { ok: false, status: 401, reason: "body too large" };
  if (!hasValidSignature(headers, rawBody, signingSecret)) return { ok: false, status: 401, reason: "bad signature" };
  const problem = shapeProblem(header(headers, "content-type") ?? "", rawBody);
  return problem ? { ok: false, status: 400, reason: problem } : { ok: true };
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isShortString(value: unknown, max = MAX_SHORT_FIELD): value is string {
  return typeof value === "string" && value.length <= max;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function shapeProblem(contentType: string, rawBody: string): string | undefined {
  if (contentType.startsWith("application/json")) return eventProblem(parseJson(rawBody));
  if (!contentType.startsWith("application/x-www-form-urlencoded")) return "unsupported content type";
  const form = new URLSearchParams(rawBody);
  if (form.has("ssl_check")) return undefined;
  const payload = form.get("payload");
  if (payload !== null) return interactiveProblem(parseJson(payload));
  return slashCommandProblem(form);
}

function slashCommandProblem(form: URLSearchParams): string | undefined {
  if (!isShortString(form.get("command")) || !form.get("command")?.startsWith("/")) return "not a slash command";
  if (!isSlackUserId(form.get("user_id") ?? "")) return "slash command without a valid user_id";
  if (!isShortString(form.get("text") ?? "", MAX_COMMAND_TEXT)) return "slash command text too long";
  if (!isShortString(form.get("response_url") ?? "", 1000)) return "response_url too long";
  return undefined;
}

function userProblem(payload: Json): string | undefined {
  const user = payload.user;
  if (!isObject(user) || typeof user.id !== "string" || !isSlackUserId(user.id)) return "payload without a valid user";
  return undefined;
}

const INTERACTIVE_TYPES = new Set(["block_actions", "view_submission", "view_closed", "block_suggestion", "shortcut"]);

function interactiveProblem(payload: unknown): string | undefined {
  if (!isObject(payload)) return "payload is not a JSON object";
  if (typeof payload.type !== "string" || !INTERACTIVE_TYPES.has(payload.type)) return "unknown payload type";
  const noUser = userProblem(payload);
  if (noUser) return noUser;
  if (payload.response_url !== undefined && !isShortString(payload.response_url, 1000)) return "bad response_url";
  if (payload.trigger_id !== undefined && !isShortString(payload.trigger_id)) return "bad trigger_id";
  if (payload.type === "block_actions") {
    const actions = payload.actions;
    if (!Array.isArray(actions) || actions.length === 0 || actions.length > 25) return "block_actions without actions";
    for (const action of actions) {
      if (!isObject(action) || !isShortString(action.action_id)) return "action without an action_id";
      if (action.value !== undefined && !isShortString(action.value, MAX_ACTION_VALUE)) return "action value too long";
    }
  }
  if (payload.type === "view_submission" || payload.type === "view_closed") {
    const view = payload.view;
    if (!isObject(view) || !isShortString(view.callback_id)) return "view without a callback_id";
    if (view.private_metadata !== undefined && !isShortString(view.private_metadata, MAX_PRIVATE_METADATA)) {
      return "private_metadata too long";
    }
    if (payload.type === "view_submission" && !(isObject(view.state) && isObject(view.state.values))) {
      return "view without state values";
    }
  }
  return undefined;
}

function eventProblem(body: unknown): string | undefined {
  if (!isObject(body) || typeof body.type !== "string") return "not a Slack event";
  if (body.type === "url_verification") return isShortString(body.challenge, 1000) ? undefined : "bad challenge";
  if (body.type !== "event_callback") return "unknown event envelope";
  const event = body.event;
  if (!isObject(event) || typeof event.type !== "string") return "event without a type";
  if (event.user !== undefined && !(typeof event.user === "string" && isSlackUserId(event.user))) {
    return "event with an invalid user";
  }
  if (body.event_id !== undefined && !isShortString(body.event_id, 100)) return "bad event_id";
  return undefined;
}
