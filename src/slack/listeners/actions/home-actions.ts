import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { requestModal } from "../../blocks/request-modal.js";
import { ACTIONS } from "../../blocks/slack-message.js";
import type { SlackServices } from "../../slack-services.js";

/** The Home tab's Request button opens the same form as `/copilot request`. */
export function registerHomeActions(app: App, services: SlackServices): void {
  app.action<BlockAction<ButtonAction>>(ACTIONS.openRequestModal, async ({ ack, body, client }) => {
    await ack();
    const githubLogin = await services.store.getGitHubLogin(body.user.id);
    await client.views.open({ trigger_id: body.trigger_id, view: requestModal(githubLogin ? { githubLogin } : {}) });
  });
}
