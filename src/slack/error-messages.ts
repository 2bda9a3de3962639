import { IdentityError } from "../identity/errors.js";
import { SeatBotError } from "../request/errors.js";
import type { RequestProblem } from "../request/seat-request.js";
import { GitHubFailure } from "../seat/github-failure.js";
import { problemMrkdwn, problemPlainText, type WordedProblem } from "./domain-error-words.js";

/**
 * An answer the Slack layer gives in its own words, for what only it can see is wrong: a command typed the wrong way,
 * a button value this bot did not write. `mrkdwn` is written here, in `src/slack/`, with typed values escaped.
 */
export class SlackAnswerError extends Error {
  constructor(
    readonly code: string,
    readonly mrkdwn: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${plainFromMrkdwn(mrkdwn)}`, options);
    this.name = "SlackAnswerError";
  }
}

const SOMETHING_WENT_WRONG =
  "Sorry, something went wrong on the bot's side and nothing was changed. Please try again in a minute.";

/**
 * The domain's problem an error carries, when it is one the person can act on. A GitHub failure is also logged: it
 * is told to the person, but it is the operators' to fix when it keeps happening.
 */
function problemOf(error: unknown, log: Pick<Console, "error">): WordedProblem | undefined {
  if (error instanceof GitHubFailure) log.error("GitHub failed while handling a Slack request", error);
  if (error instanceof SeatBotError || error instanceof GitHubFailure || error instanceof IdentityError) {
    return error.problem;
  }
  return undefined;
}

/** The message to show a person for an error: ours explain themselves; anything else is logged and summarised. */
export function messageForError(error: unknown, log: Pick<Console, "error">): string {
  const problem = problemOf(error, log);
  if (problem) return problemMrkdwn(problem);
  if (error instanceof SlackAnswerError) return error.mrkdwn;
  log.error("Unexpected error while handling a Slack request", error);
  return SOMETHING_WENT_WRONG;
}

/** The same, for a modal's field error, which Slack shows as plain text. */
export function fieldErrorFor(error: unknown, log: Pick<Console, "error">): string {
  const problem = problemOf(error, log);
  if (problem) return problemPlainText(problem);
  if (error instanceof SlackAnswerError) return plainFromMrkdwn(error.mrkdwn);
  log.error("Unexpected error while handling a Slack request", error);
  return SOMETHING_WENT_WRONG;
}

/**
 * Why a request was rejected or failed, as mrkdwn. Requests stored before problems carried their facts hold the
 * words themselves, already escaped when they were written.
 */
export function requestProblemMrkdwn(stored: RequestProblem | undefined, fallback: string): string {
  if (!stored) return fallback;
  return stored.problem ? problemMrkdwn(stored.problem) : stored.message;
}

/** Plain text from the Slack layer's own mrkdwn: mentions and code marks would show raw in a modal. */
function plainFromMrkdwn(message: string): string {
  return message
    .replace(/<@([A-Z0-9]+)(?:\|[^>]*)?>/g, "@$1")
    .replace(/`/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
