import { isGitHubLogin, isPageCursor, isRequestId, isTeamSlug } from "../identifiers.js";
import type { TeamChange } from "../jobs/job.js";
import { SlackAnswerError } from "./error-messages.js";

/**
 * The values the bot put into its own buttons and forms come back from Slack as untrusted text: each is parsed
 * against the shape the bot wrote, never cast, and anything else is refused before it reaches DynamoDB or a job.
 */
export class InvalidInteractionError extends SlackAnswerError {
  constructor(readonly what: "button" | "form") {
    super("INVALID_INTERACTION", `That ${what} did not come from this bot, or is out of date. Nothing was changed.`);
    this.name = "InvalidInteractionError";
  }
}

function parseObject(text: string | undefined, what: "button" | "form"): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text ?? "");
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Falls through to the refusal below.
  }
  throw new InvalidInteractionError(what);
}

/** Approve, Deny, Retry: the button's value is the request's ID. */
export function requestIdFromButton(value: string | undefined): string {
  if (value && isRequestId(value)) return value;
  throw new InvalidInteractionError("button");
}

export function teamChangeFromButton(value: string | undefined): { teamSlug: string; change: TeamChange } {
  const { teamSlug, change } = parseObject(value, "button");
  if (typeof teamSlug !== "string" || !isTeamSlug(teamSlug) || (change !== "add" && change !== "remove")) {
    throw new InvalidInteractionError("button");
  }
  return { teamSlug, change };
}

export function auditPageFromButton(value: string | undefined): { githubLogin?: string; cursor: string } {
  const { githubLogin, cursor } = parseObject(value, "button");
  const loginOk = githubLogin === undefined || (typeof githubLogin === "string" && isGitHubLogin(githubLogin));
  if (!loginOk || typeof cursor !== "string" || !isPageCursor(cursor)) {
    throw new InvalidInteractionError("button");
  }
  return { ...(typeof githubLogin === "string" ? { githubLogin } : {}), cursor };
}

/** A page position the bot put into a More button. */
export function cursorFromButton(value: string | undefined): string {
  if (value && isPageCursor(value)) return value;
  throw new InvalidInteractionError("button");
}

/** The Deny form carries the request's ID in its `private_metadata`. */
export function requestIdFromMetadata(metadata: string | undefined): string {
  const { requestId } = parseObject(metadata, "form");
  if (typeof requestId === "string" && isRequestId(requestId)) return requestId;
  throw new InvalidInteractionError("form");
}

/** Release my seat: the button carries the GitHub login it was drawn for. */
export function releaseFromButton(value: string | undefined): { githubLogin: string } {
  const { githubLogin } = parseObject(value, "button");
  if (typeof githubLogin === "string" && isGitHubLogin(githubLogin)) return { githubLogin };
  throw new InvalidInteractionError("button");
}
