import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { assertAdmin } from "../../../request/authorization.js";
import { assertMayDeny } from "../../../request/decide-request.js";
import { denyModal } from "../../blocks/deny-modal.js";
import { ACTIONS } from "../../blocks/slack-message.js";
import { requestIdFromButton } from "../../interaction-values.js";
import type { SlackServices } from "../../slack-services.js";
import { explainPrivately } from "./explain-privately.js";

/**
 * Approve, Deny and Retry buttons. Each click is acknowledged at once and authorized again against the stored request,
 * whoever drew the buttons: only the winner of the conditional state change queues work. The manager's message is
 * redrawn by the worker alone, from the stored state, so a late answer here can never draw an older state over it.
 *
 * Approve hands the whole decision to the worker: everything an approval leads to (the seat, the messages, the redraw)
 * is the worker's anyway, so deciding there changes nothing anyone sees, and Slack waits on a single queueing instead
 * of a write and then a queueing. The click is as safe in the queue as in the table: a job is deleted only once it has
 * run, and if it cannot be queued the manager is told at once and the buttons stay.
 */
export function registerDecisionActions(app: App, services: SlackServices): void {
  app.action<BlockAction<ButtonAction>>(ACTIONS.approve, async ({ ack, action, body, client, logger }) => {
    await ack();
    try {
      await services.queue.enqueue({
        type: "approve-request",
        requestId: requestIdFromButton(action.value),
        actorId: body.user.id,
        // The audit trail records when the manager decided, however long the job waits in the queue.
        clickedAt: services.clock.now().toISOString(),
        ...(body.response_url ? { responseUrl: body.response_url } : {}),
      });
    } catch (error) {
      await explainPrivately({ body, client, services, logger }, error);
    }
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.deny, async ({ ack, action, body, client, logger }) => {
    await ack();
    try {
      const request = await assertMayDeny(requestIdFromButton(action.value), body.user.id, services);
      await client.views.open({ trigger_id: body.trigger_id, view: denyModal(request) });
    } catch (error) {
      await explainPrivately({ body, client, services, logger }, error);
    }
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.retry, async ({ ack, action, body, client, logger }) => {
    await ack();
    try {
      // Only an admin may retry: checked here from the configuration, and again by the worker, which reads the
      // request, takes the login's slot back, records the retry and queues the assignment. Slack waits on one queueing.
      assertAdmin(body.user.id, services.admins, "retry-failed");
      await services.queue.enqueue({
        type: "retry-request",
        requestId: requestIdFromButton(action.value),
        actorId: body.user.id,
        ...(body.response_url ? { responseUrl: body.response_url } : {}),
      });
    } catch (error) {
      await explainPrivately({ body, client, services, logger }, error);
    }
  });
}
