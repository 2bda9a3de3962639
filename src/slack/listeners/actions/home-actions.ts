import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { ACTIONS } from "../../blocks/slack-message.js";
import { cursorFromButton } from "../../interaction-values.js";
import type { SlackServices } from "../../slack-services.js";
import { requestFormFor } from "../views/request-form.js";
import { explainPrivately } from "./explain-privately.js";

/** The Home tab's Request button opens the same form as `/copilot request`. */
export function registerHomeActions(app: App, services: SlackServices): void {
  app.action<BlockAction<ButtonAction>>(ACTIONS.openRequestModal, async ({ ack, body, client }) => {
    await ack();
    await client.views.open({ trigger_id: body.trigger_id, view: await requestFormFor(body.user.id, {}, services) });
  });

  // The next page of `/copilot waiting`, in place of the last one.
  // The worker reads the page and draws it through the button's response_url: Slack waits on one queueing.
  app.action<BlockAction<ButtonAction>>(ACTIONS.waitingMore, async ({ ack, action, body, client, logger }) => {
    await ack();
    try {
      const cursor = cursorFromButton(action.value);
      if (!body.response_url) return;
      await services.queue.enqueue({
        type: "waiting-page",
        userId: body.user.id,
        cursor,
        responseUrl: body.response_url,
      });
    } catch (error) {
      await explainPrivately({ body, client, services, logger }, error);
    }
  });
}
