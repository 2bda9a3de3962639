import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { cancelRequest, loadForForward, RefusalUnreadError } from "../../../request/withdraw-request.js";
import { forwardModal } from "../../blocks/forward-modal.js";
import { ACTIONS } from "../../blocks/slack-message.js";
import { requestIdFromButton } from "../../interaction-values.js";
import type { SlackServices } from "../../slack-services.js";
import { explainPrivately, responseUrlOf } from "./explain-privately.js";

/**
 * Cancel (the requester's DM and Home tab) and Forward (the approval message). Each click is authorized again against
 * the stored request; only the winner of the conditional transition queues the messages, which the worker sends.
 */
export function registerLifecycleActions(app: App, services: SlackServices): void {
  app.action<BlockAction<ButtonAction>>(ACTIONS.cancelRequest, async ({ ack, action, body, client, logger }) => {
    await ack();
    try {
      const requestId = requestIdFromButton(action.value);
      try {
        // No answer of its own: the job it queues tells the requester, so Slack waits on no call to itself.
        await cancelRequest(requestId, body.user.id, services, { readRefusal: false });
      } catch (error) {
        if (!(error instanceof RefusalUnreadError)) throw error;
        // Refused: the worker reads the request and tells the clicker why (the second and last round trip).
        await services.queue.enqueue({
          type: "cancel-request",
          requestId,
          actorId: body.user.id,
          ...responseUrlOf(body),
        });
      }
    } catch (error) {
      await explainPrivately({ body, client, services, logger }, error);
    }
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.forwardRequest, async ({ ack, action, body, client, logger }) => {
    await ack();
    try {
      const request = await loadForForward(requestIdFromButton(action.value), body.user.id, services);
      await client.views.open({ trigger_id: body.trigger_id, view: forwardModal(request) });
    } catch (error) {
      await explainPrivately({ body, client, services, logger }, error);
    }
  });
}
