import type { App, BlockAction, ButtonAction, RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Admins } from "../../../request/authorization.js";
import { approveRequest, assertMayDeny, retryFailedRequest } from "../../../request/decide-request.js";
import { denyModal } from "../../blocks/deny-modal.js";
import { approvalMessage } from "../../blocks/request-messages.js";
import { ACTIONS } from "../../blocks/slack-message.js";
import { messageForError } from "../../error-messages.js";
import { mention } from "../../mrkdwn.js";
import type { SlackServices } from "../../slack-services.js";

function decideDependencies(services: SlackServices): {
  store: SlackServices["store"];
  queue: SlackServices["queue"];
  clock: SlackServices["clock"];
  admins: Admins;
} {
  return { store: services.store, queue: services.queue, clock: services.clock, admins: services.admins };
}

interface ClickContext {
  body: BlockAction<ButtonAction>;
  respond: RespondFn;
  client: WebClient;
  logger: Pick<Console, "error">;
}

/**
 * Tells only the person who clicked why nothing happened: in place for a message button, and by direct message for
 * a Home tab button, which has no `response_url`.
 */
async function explainPrivately({ body, respond, client, logger }: ClickContext, error: unknown): Promise<void> {
  const text = messageForError(error, logger);
  if (body.response_url) {
    await respond({ response_type: "ephemeral", replace_original: false, text });
  } else {
    await client.chat.postMessage({ channel: body.user.id, text });
  }
}

/**
 * Approve, Deny and Retry buttons. Each click is acknowledged at once and authorized again against the stored request,
 * whoever drew the buttons: only the winner of the conditional state change touches the message or queues work.
 */
export function registerDecisionActions(app: App, services: SlackServices): void {
  const deps = decideDependencies(services);

  app.action<BlockAction<ButtonAction>>(ACTIONS.approve, async ({ ack, action, body, respond, client, logger }) => {
    await ack();
    try {
      const approved = await approveRequest(action.value ?? "", body.user.id, deps);
      if (body.container?.type === "message" && body.response_url) {
        await respond({ replace_original: true, ...approvalMessage(approved) });
      }
    } catch (error) {
      await explainPrivately({ body, respond, client, logger }, error);
    }
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.deny, async ({ ack, action, body, client, respond, logger }) => {
    await ack();
    try {
      const request = await assertMayDeny(action.value ?? "", body.user.id, deps);
      await client.views.open({ trigger_id: body.trigger_id, view: denyModal(request) });
    } catch (error) {
      await explainPrivately({ body, respond, client, logger }, error);
    }
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.retry, async ({ ack, action, body, respond, client, logger }) => {
    await ack();
    try {
      const retried = await retryFailedRequest(action.value ?? "", body.user.id, deps);
      if (body.container?.type === "message" && body.response_url) {
        await respond({
          replace_original: true,
          text: `:repeat: ${mention(body.user.id)} is retrying the seat assignment for \`${retried.githubLogin}\` (attempt ${retried.attempt + 1}).`,
        });
      }
    } catch (error) {
      await explainPrivately({ body, respond, client, logger }, error);
    }
  });
}
