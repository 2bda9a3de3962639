import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { isGitHubLogin } from "../../../identifiers.js";
import { ReclaimError } from "../../../reclaim/errors.js";
import { isRoundId } from "../../../reclaim/round.js";
import { assertAdmin } from "../../../request/authorization.js";
import { RECLAIM_ACTIONS } from "../../blocks/reclaim-messages.js";
import { InvalidInteractionError } from "../../interaction-values.js";
import type { SlackServices } from "../../slack-services.js";
import { alreadyStarted, messageTs, startOnce } from "./confirm-once.js";
import { explainPrivately, responseUrlOf } from "./explain-privately.js";

const MAX_BATCH = 99_999;

/** The question a Keep or Release button answers, parsed from the value the bot wrote, never cast. */
export function reclaimQuestionFromButton(value: string | undefined): {
  roundId: string;
  batch: number;
  login: string;
} {
  try {
    const parsed: unknown = JSON.parse(value ?? "");
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
      const { r, b, l } = parsed as Record<string, unknown>;
      if (
        typeof r === "string" &&
        isRoundId(r) &&
        typeof b === "number" &&
        Number.isInteger(b) &&
        b >= 0 &&
        b <= MAX_BATCH &&
        typeof l === "string" &&
        isGitHubLogin(l)
      ) {
        return { roundId: r, batch: b, login: l };
      }
    }
  } catch {
    // Refused below.
  }
  throw new InvalidInteractionError("button");
}

/**
 * Keep my seat and Release it now, on the question a round sends an idle seat's holder: authorized at click time (only
 * the holder recorded on the question, only while it is open), each one conditional write, by the worker. And the
 * admins' confirmation of `/copilot reclaim start`.
 */
export function registerReclaimActions(app: App, services: SlackServices): void {
  // Keep and Release are answered by the worker, which records the answer (authorizing the clicker against the holder
  // on the question) and draws the settled question in place: Slack waits on one queueing.
  for (const [actionId, choice] of [
    [RECLAIM_ACTIONS.keep, "keep"],
    [RECLAIM_ACTIONS.release, "release"],
  ] as const) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, action, body, client, logger }) => {
      await ack();
      try {
        requireReclaim(services);
        const question = reclaimQuestionFromButton(action.value);
        await services.queue.enqueue({
          type: "answer-reclaim",
          roundId: question.roundId,
          batch: String(question.batch),
          githubLogin: question.login,
          userId: body.user.id,
          choice,
          ...responseUrlOf(body),
        });
      } catch (error) {
        await explainPrivately({ body, client, services, logger }, error);
      }
    });
  }

  // The round is begun by the worker, which replaces the confirmation: Slack waits on the claim, then the job beside
  // keeping the claim (a second click on the same message is recognised for a day).
  app.action<BlockAction<ButtonAction>>(RECLAIM_ACTIONS.confirmStart, async ({ ack, body, client, logger }) => {
    await ack();
    try {
      assertAdmin(body.user.id, services.admins, { subcommand: "reclaim" });
      requireReclaim(services);
      const started = await startOnce(services, `reclaim-start:${messageTs(body)}`, {
        type: "start-reclaim",
        actorId: body.user.id,
        responseUrl: body.response_url,
      });
      if (!started) await alreadyStarted({ body, client, services, logger });
    } catch (error) {
      await explainPrivately({ body, client, services, logger }, error);
    }
  });
}

function requireReclaim(services: SlackServices): NonNullable<SlackServices["reclaim"]> {
  if (!services.reclaim) throw new ReclaimError({ code: "QUESTION_GONE", params: {} });
  return services.reclaim;
}
