import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { ACTIONS } from "../../blocks/slack-message.js";
import { WAITING_PAGE_SIZE, waitingMessage } from "../../blocks/waiting-message.js";
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
  app.action<BlockAction<ButtonAction>>(ACTIONS.waitingMore, async ({ ack, action, body, respond, client, logger }) => {
    await ack();
    try {
      const cursor = cursorFromButton(action.value);
      const [page, total] = await Promise.all([
        services.store.pageWaitingOn(body.user.id, WAITING_PAGE_SIZE, cursor),
        services.store.countWaitingOn(body.user.id),
      ]);
      await respond({ replace_original: true, ...waitingMessage(page, total) });
    } catch (error) {
      await explainPrivately({ body, respond, client, logger }, error);
    }
  });
}
