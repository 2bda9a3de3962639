import { IdentityError } from "../identity/errors.js";
import { isQueueUnavailable } from "../jobs/job.js";
import { type CarriedProblem, isProblemText, problemText } from "../jobs/problem-text.js";
import { ReclaimError, type ReclaimProblem, type ReclaimProblemCode } from "../reclaim/errors.js";
import { SeatBotError } from "../request/errors.js";
import type { RequestProblem } from "../request/seat-request.js";
import { GitHubFailure } from "../seat/github-failure.js";
import { reclaimErrorText } from "./blocks/reclaim-messages.js";
import { isWordedProblemCode, problemMrkdwn, problemPlainText, type WordedProblem } from "./domain-error-words.js";

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
 * The domain's problem an error carries, when it is one the person can act on. A GitHub failure or a queue that did
 * not take a job is also logged: it is told to the person, but it is the operators' to fix when it keeps happening.
 */
function problemOf(error: unknown, log: Pick<Console, "error">): WordedProblem | undefined {
  if (error instanceof GitHubFailure) log.error("GitHub failed while handling a Slack request", error);
  const queueFailed = isQueueUnavailable(error);
  if (queueFailed) log.error("The job queue did not confirm a job handed on by a Slack request", error);
  if (error instanceof SeatBotError || error instanceof GitHubFailure || error instanceof IdentityError) {
    return error.problem;
  }
  // A send whose answer never came may have been taken: "nothing was changed" could be untrue.
  if (queueFailed) return { code: "QUEUE_UNCONFIRMED", params: {} };
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

/** What only the Slack layer can see is wrong, as a problem a job can carry; `src/slack/` words it. */
const SLACK_PROBLEM_WORDS: Record<string, (params: Record<string, unknown>) => string> = {
  INVALID_INTERACTION: (params) =>
    `That ${params.what === "form" ? "form" : "button"} did not come from this bot, or is out of date. Nothing was changed.`,
  SIGN_IN_OFF: () =>
    "Sign in with GitHub is not set up here yet: a Copilot admin must add the GitHub App's client ID and secret (GITHUB_APP_CLIENT_ID, GITHUB_APP_CLIENT_SECRET).",
  UNEXPECTED: () => SOMETHING_WENT_WRONG,
};

/** One of the Slack layer's own answers that needs no facts, as an error. */
export function slackProblemError(code: "SIGN_IN_OFF"): SlackAnswerError {
  return new SlackAnswerError(code, SLACK_PROBLEM_WORDS[code]?.({}) ?? SOMETHING_WENT_WRONG);
}

const RECLAIM_CODES: Record<ReclaimProblemCode, true> = {
  NOT_YOUR_QUESTION: true,
  ALREADY_SETTLED: true,
  QUESTION_GONE: true,
  RELEASE_CALLED_OFF: true,
  ROUND_RUNNING: true,
  RECLAIM_OFF: true,
};

/**
 * Why a click or command changed nothing, as a problem the worker can be handed to tell the person: the domain's own
 * problem, or one of the Slack layer's (`SLACK_PROBLEM_WORDS`). Anything else is logged here and told as "something
 * went wrong".
 */
export function problemForError(error: unknown, log: Pick<Console, "error">): CarriedProblem {
  const problem: CarriedProblem | undefined =
    error instanceof ReclaimError
      ? (error.problem as CarriedProblem)
      : ((problemOf(error, log) as CarriedProblem | undefined) ??
        (error instanceof SlackAnswerError && Object.hasOwn(SLACK_PROBLEM_WORDS, error.code)
          ? {
              code: error.code,
              params:
                error.code === "INVALID_INTERACTION"
                  ? { what: "what" in error && error.what === "form" ? "form" : "button" }
                  : {},
            }
          : undefined));
  if (problem && isProblemText(problemText(problem))) return problem;
  log.error("Unexpected error while handling a Slack request", error);
  return { code: "UNEXPECTED", params: {} };
}

/** The words for a problem a job carried, as mrkdwn; a problem that is no longer one is told as "something went wrong". */
export function carriedProblemMrkdwn(problem: CarriedProblem): string {
  try {
    const slackWords = Object.hasOwn(SLACK_PROBLEM_WORDS, problem.code) ? SLACK_PROBLEM_WORDS[problem.code] : undefined;
    if (slackWords) return slackWords(problem.params);
    if (Object.hasOwn(RECLAIM_CODES, problem.code))
      return reclaimErrorText(new ReclaimError(problem as ReclaimProblem));
    if (isWordedProblemCode(problem.code)) return problemMrkdwn(problem as WordedProblem);
  } catch {
    // Facts that do not fit their code's words: said as below.
  }
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
