import type { BlockAction, ButtonAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { isQueueUnavailable, type Job } from "../../../jobs/job.js";
import { clickAnswer, type ReplyTarget } from "../../../jobs/job-replies.js";
import { problemText } from "../../../jobs/problem-text.js";
import { problemForError } from "../../error-messages.js";
import type { SlackServices } from "../../slack-services.js";

type ClickAnswer = Pick<Extract<Job, { type: "tell-clicker" }>, "problem" | "notice">;

export interface AnswerContext {
  client: WebClient;
  services: Pick<SlackServices, "queue" | "organization">;
  logger: Pick<Console, "error">;
}

export interface ClickContext extends AnswerContext {
  body: BlockAction<ButtonAction>;
}

/** Where the worker answers a click: in place for a message button, by direct message for a Home tab button. */
export function clickTarget(body: BlockAction<ButtonAction>): { userId: string; responseUrl?: string } {
  return { userId: body.user.id, ...responseUrlOf(body) };
}

/** A job's `responseUrl` for a click: a message button has one; a Home tab button has none. */
export function responseUrlOf(body: BlockAction<ButtonAction>): { responseUrl?: string } {
  return body.response_url ? { responseUrl: body.response_url } : {};
}

/**
 * Tells only the person who clicked why nothing happened. The words are sent by the worker (`tell-clicker`), not
 * here: Bolt answers Slack only after this listener ends, and a call to Slack would hold the acknowledgement up.
 * When what went wrong is the queue itself, they are sent from here (see `answerPrivately`).
 */
export async function explainPrivately(ctx: ClickContext, error: unknown): Promise<void> {
  await answerPrivately(clickTarget(ctx.body), { problem: problemText(problemForError(error, ctx.logger)) }, ctx, {
    queueDown: isQueueUnavailable(error),
  });
}

/** Queues what the clicker is told (see `answerPrivately`). */
export function queueForClicker(ctx: ClickContext, what: ClickAnswer): Promise<void> {
  return answerPrivately(clickTarget(ctx.body), what, ctx);
}

/**
 * What a `response_url` answer sent while Slack waits may take: the queue has already spent up to two of Slack's three
 * seconds failing, and the `response_url` stays valid for 30 minutes, so a later answer still arrives.
 */
const RESPONSE_TIMEOUT_ON_ACK_MS = 1000;

/**
 * Queues what the person who clicked or typed is told. When the queue cannot take it (or already failed them, which
 * `queueDown` says), the answer is sent from here: one call to Slack while it waits, but a late answer is better than
 * none. Only if Slack refuses it too is the person left untold, and that is logged.
 */
export async function answerPrivately(
  target: ReplyTarget,
  what: ClickAnswer,
  ctx: AnswerContext,
  options: { queueDown?: boolean } = {},
): Promise<void> {
  if (!options.queueDown) {
    try {
      await ctx.services.queue.enqueue({ type: "tell-clicker", ...target, ...what });
      return;
    } catch (error) {
      ctx.logger.error("Could not queue the answer to a click or command; sending it directly", error);
    }
  }
  const answer = clickAnswer(what);
  if (!answer) return;
  try {
    // Loaded only here: the words for every job answer are the worker's, and a cold start should not pay for them.
    const { SlackJobReplies } = await import("../../slack-job-replies.js");
    await new SlackJobReplies(ctx.client, ctx.services.organization, RESPONSE_TIMEOUT_ON_ACK_MS).tell(target, answer);
  } catch (error) {
    ctx.logger.error("Could not answer a click or command", error);
  }
}
