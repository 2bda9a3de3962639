import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { assertAdmin } from "../../../request/authorization.js";
import { assertMayDeny } from "../../../request/decide-request.js";
import { denyModal } from "../../blocks/deny-modal.js";
import { ACTIONS } from "../../blocks/slack-message.js";
import { requestIdFromButton } from "../../interaction-values.js";
import type { SlackServices } from "../../slack-services.js";
import { explainPrivately, responseUrlOf } from "./explain-privately.js";

/**
 * Approve, Deny and Retry buttons. Each click is acknowledged at once and authorized again against the stored request,
 * whoever drew the buttons: only the winner of the conditional state change queues the work that follows. The
 * manager's message is redrawn by the worker alone, from the stored state, so a late answer here can never draw an
 * older state over it.
 *
 * Approve hands the whole decision to the worker: everything an approval leads to (the seat, the messages, the redraw)
 * is the worker's anyway, so Slack waits on a single queueing instead of a write and then a queueing, and the manager
 * sees the same outcome one queue hop later. The queue keeps the click until the worker has recorded it (a job is
 * deleted only once it has run; one that keeps failing ends in the dead-letter queue, which alarms), and a click the
 * queue did not confirm is answered at once, with the buttons left in place.
 */
export function registerDecisionActions(app: App, services: SlackServices): void {
  app.action<BlockAction<ButtonAction>>(ACTIONS.approve, async ({ ack, action, body, client, logger }) => {
    await ack();
    try {
      await services.queue.enqueue({
        type: "approve-request",
        requestId: requestIdFromButton(action.value),
        actorId: body.user.id,
        // The decision is recorded under it, so a second delivery of this job knows the decision as its own.
        clickId: services.newId(),
        ...responseUrlOf(body),
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
        ...responseUrlOf(body),
      });
    } catch (error) {
      await explainPrivately({ body, client, services, logger }, error);
    }
  });
}
