import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { connectUrl } from "../../../identity/sign-in-routes.js";
import { connectModal, IDENTITY_ACTIONS } from "../../blocks/identity-messages.js";
import { slackProblemError } from "../../error-messages.js";
import type { SlackServices } from "../../slack-services.js";
import { explainPrivately } from "./explain-privately.js";

/**
 * "Connect your GitHub account", wherever it was offered: a modal with a sign-in link made now, for the person who
 * clicked (pushed on top when the click came from inside a modal, the request form). The link button in that modal
 * opens GitHub in the browser; Slack still sends its click, which is only acknowledged.
 */
export function registerIdentityActions(app: App, services: SlackServices): void {
  app.action<BlockAction<ButtonAction>>(IDENTITY_ACTIONS.connect, async ({ ack, body, client, logger }) => {
    await ack();
    try {
      const signIn = services.identity?.signIn;
      if (!signIn) {
        throw slackProblemError("SIGN_IN_OFF");
      }
      const state = signIn.signer.issue(body.user.id, services.clock.now());
      const current = await services.identity?.links.linkOf(body.user.id);
      const view = connectModal(connectUrl(signIn.publicUrl, state), current);
      if (body.view?.type === "modal") await client.views.push({ trigger_id: body.trigger_id, view });
      else await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (error) {
      await explainPrivately({ body, client, services, logger }, error);
    }
  });

  app.action(IDENTITY_ACTIONS.openSignIn, async ({ ack }) => {
    await ack();
  });
}
