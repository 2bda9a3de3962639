import type { BlockAction, ButtonAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Job } from "../../../jobs/job.js";
import { clickAnswer, type ReplyTarget } from "../../../jobs/job-replies.js";
import { problemText } from "../../../jobs/problem-text.js";
import { problemForError } from "../../error-messages.js";
import { SlackJobReplies } from "../../slack-job-replies.js";
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
  return body.response_url ? { userId: body.user.id, responseUrl: body.response_url } : { userId: body.user.id };
}

/**
 * Tells only the person who clicked why nothing happened. The words are sent by the worker (`tell-clicker`), not
 * here: Bolt answers Slack only after this listener ends, and a call to Slack would hold the acknowledgement up.
 */
export async function explainPrivately(ctx: ClickContext, error: unknown): Promise<void> {
  await queueForClicker(ctx, { problem: problemText(problemForError(error, ctx.logger)) });
}

/** Queues what the clicker is told (see `answerPrivately`). */
export function queueForClicker(ctx: ClickContext, what: ClickAnswer): Promise<void> {
  return answerPrivately(clickTarget(ctx.body), what, ctx);
}

/**
 * Queues what the person who clicked or typed is told. When even that fails (the queue is unreachable), the answer
 * is sent from here after all: it holds Slack's acknowledgement up by one call to Slack, but a late answer is better
 * than none. Only if Slack refuses it too is the person left untold, and that is logged.
 */
export async function answerPrivately(target: ReplyTarget, what: ClickAnswer, ctx: AnswerContext): Promise<void> {
  try {
    await ctx.services.queue.enqueue({ type: "tell-clicker", ...target, ...what });
    return;
  } catch (error) {
    ctx.logger.error("Could not queue the answer to a click or command; sending it directly", error);
  }
  const answer = clickAnswer(what);
  if (!answer) return;
  try {
    await new SlackJobReplies(ctx.client, ctx.services.organization).tell(target, answer);
  } catch (error) {
    ctx.logger.error("Could not answer a click or command", error);
  }
}
