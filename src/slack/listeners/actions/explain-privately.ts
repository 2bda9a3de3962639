import type { BlockAction, ButtonAction } from "@slack/bolt";
import type { Job } from "../../../jobs/job.js";
import { problemText } from "../../../jobs/problem-text.js";
import { problemForError } from "../../error-messages.js";
import type { SlackServices } from "../../slack-services.js";

export interface ClickContext {
  body: BlockAction<ButtonAction>;
  services: Pick<SlackServices, "queue">;
  logger: Pick<Console, "error">;
}

/** Where the worker answers a click: in place for a message button, by direct message for a Home tab button. */
export function clickTarget(body: BlockAction<ButtonAction>): { userId: string; responseUrl?: string } {
  return body.response_url ? { userId: body.user.id, responseUrl: body.response_url } : { userId: body.user.id };
}

/**
 * Tells only the person who clicked why nothing happened. The words are sent by the worker (`tell-clicker`), not
 * here: Bolt answers Slack only after this listener ends, and a call to Slack would hold the acknowledgement up.
 */
export async function explainPrivately({ body, services, logger }: ClickContext, error: unknown): Promise<void> {
  await queueForClicker({ body, services, logger }, { problem: problemText(problemForError(error, logger)) });
}

/** Queues what the clicker is told; if even that fails, it is logged (nothing can reach the person without Slack). */
export async function queueForClicker(
  { body, services, logger }: ClickContext,
  what: Pick<Extract<Job, { type: "tell-clicker" }>, "problem" | "notice">,
): Promise<void> {
  try {
    await services.queue.enqueue({ type: "tell-clicker", ...clickTarget(body), ...what });
  } catch (error) {
    logger.error("Could not queue the answer to a click", error);
  }
}
