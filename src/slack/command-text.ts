/**
 * Slash-command text as Slack sends it with `should_escape: true`: people are `<@U123>` or `<@U123|name>`, and the
 * characters `&`, `<` and `>` that a person typed arrive as entities. The bot keeps what the person actually typed
 * (entities decoded) and escapes it again whenever it echoes it.
 */
const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;

export function decodeSlackEntities(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

export function parseMention(token: string): string | undefined {
  return MENTION.exec(token)?.[1];
}

export interface ParsedCommand {
  subcommand: string;
  /** Everything after the subcommand, as Slack sent it. */
  rest: string;
}

export function parseCommand(text: string): ParsedCommand {
  const trimmed = text.trim();
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  // The subcommand is echoed back when unknown: decoded here, escaped again on the way out, so `<` shows as `<`.
  return { subcommand: decodeSlackEntities(match?.[1] ?? "").toLowerCase(), rest: match?.[2] ?? "" };
}

export interface InlineRequest {
  githubLogin?: string;
  managerId?: string;
  reason?: string;
  /** `for 30d` after the manager: a time-bound seat. */
  seatDuration?: string;
}

/** `<github-login> <@manager> [reason…]`; parts may be missing, in which case the form opens with what was given. */
export function parseInlineRequest(rest: string): InlineRequest {
  const tokens = rest.trim().split(/\s+/).filter(Boolean);
  const parsed: InlineRequest = {};
  let index = 0;
  const first = tokens[0];
  if (first !== undefined && !parseMention(first)) {
    parsed.githubLogin = decodeSlackEntities(first);
    index = 1;
  }
  const managerToken = tokens[index];
  const managerId = managerToken === undefined ? undefined : parseMention(managerToken);
  if (managerId) {
    parsed.managerId = managerId;
    index += 1;
    // `for <duration>` (or `for permanent`) right after the manager sets the seat's term; checked when filed.
    if (tokens[index]?.toLowerCase() === "for" && /^(\d+[smhd]|permanent)$/i.test(tokens[index + 1] ?? "")) {
      parsed.seatDuration = (tokens[index + 1] ?? "").toLowerCase();
      index += 2;
    }
  }
  const reasonStart = tokens.slice(0, index).reduce((offset, token) => rest.indexOf(token, offset) + token.length, 0);
  const reason = decodeSlackEntities(rest.slice(reasonStart)).trim();
  if (reason) parsed.reason = reason;
  return parsed;
}

export function isCompleteInlineRequest(request: InlineRequest): request is Required<InlineRequest> {
  return Boolean(request.githubLogin && request.managerId && request.reason);
}
