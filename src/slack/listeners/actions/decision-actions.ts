import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { approveRequest, assertMayDeny, retryFailedRequest } from "../../../request/decide-request.js";
import { denyModal } from "../../blocks/deny-modal.js";
import { ACTIONS } from "../../blocks/slack-message.js";
import { requestIdFromButton } from "../../interaction-values.js";
import type { SlackServices } from "../../slack-services.js";
import { explainPrivately } from "./explain-privately.js";

/**
 * Approve, Deny and Retry buttons. Each click is acknowledged at once and authorized again against the stored request,
 * whoever drew the buttons: only the winner of the conditional state change queues work. The manager's message is
 * redrawn by the worker alone, from the stored state, so a late answer here can never draw an older state over it.
 */
export function registerDecisionActions(app: App, services: SlackServices): void {
  app.action<BlockAction<ButtonAction>>(ACTIONS.approve, async ({ ack, action, body, respond, client, logger }) => {
    await ack();
    try {
      await approveRequest(requestIdFromButton(action.value), body.user.id, services);
    } catch (error) {
      await explainPrivately({ body, respond, client, logger }, error);
    }
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.deny, async ({ ack, action, body, client, respond, logger }) => {
    await ack();
    try {
      const request = await assertMayDeny(requestIdFromButton(action.value), body.user.id, services);
      await client.views.open({ trigger_id: body.trigger_id, view: denyModal(request) });
    } catch (error) {
      await explainPrivately({ body, respond, client, logger }, error);
    }
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.retry, async ({ ack, action, body, respond, client, logger }) => {
    await ack();
    try {
      // No answer of its own: the retry's job reports the outcome, so Slack waits on no call to itself.
      await retryFailedRequest(requestIdFromButton(action.value), body.user.id, services);
    } catch (error) {
      await explainPrivately({ body, respond, client, logger }, error);
    }
  });
}
