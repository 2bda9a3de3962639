import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { mayReleaseSeat } from "../../../request/authorization.js";
import { NotAuthorizedError } from "../../../request/errors.js";
import { ACTIONS } from "../../blocks/slack-message.js";
import { releaseFromButton, requestIdFromButton } from "../../interaction-values.js";
import type { SlackServices } from "../../slack-services.js";
import { explainPrivately, responseUrlOf } from "./explain-privately.js";
import { ownSeatEvidence } from "./own-seat.js";

/**
 * Extend (files an extension through the same approval) and Release my seat (on the end-of-term warning, the Home tab
 * and `/copilot release`; Slack's confirmation dialog asks first). A second Extend click finds the extension open and
 * is told so; a second release finds the seat already pending cancellation and changes nothing.
 */
export function registerSeatTermActions(app: App, services: SlackServices): void {
  app.action<BlockAction<ButtonAction>>(ACTIONS.extendSeat, async ({ ack, action, body, client, logger }) => {
    await ack();
    try {
      // Slack waits on one queueing: the worker checks the holder, files the extension under the ID chosen here (so a
      // second delivery files none) and, through the extension's own job, tells the holder when it reaches the approver.
      await services.queue.enqueue({
        type: "extend-seat",
        requestId: requestIdFromButton(action.value),
        actorId: body.user.id,
        extensionId: services.newId(),
        ...responseUrlOf(body),
      });
    } catch (error) {
      await explainPrivately({ body, client, services, logger }, error);
    }
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.releaseSeat, async ({ ack, action, body, client, logger }) => {
    await ack();
    try {
      const { githubLogin } = releaseFromButton(action.value);
      // Only one's own seat (`releasableLogin`), checked at click time.
      if (!mayReleaseSeat(githubLogin, await ownSeatEvidence(body.user.id, services, githubLogin))) {
        throw new NotAuthorizedError({ rule: "own-seat-only", githubLogin });
      }
      await services.queue.enqueue({
        type: "release-seat",
        userId: body.user.id,
        githubLogin,
        ...responseUrlOf(body),
      });
    } catch (error) {
      await explainPrivately({ body, client, services, logger }, error);
    }
  });
}
