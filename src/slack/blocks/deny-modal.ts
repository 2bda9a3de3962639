import type { View } from "@slack/types";
import type { SeatRequest } from "../../request/seat-request.js";
import { escapeMrkdwn, mention } from "../mrkdwn.js";
import { VIEWS } from "./slack-message.js";

export const DENY_FIELDS = { block: "denial_reason", action: "value" } as const;

export interface DenyModalMetadata {
  requestId: string;
}

/** Asks the manager for an optional reason before denying; the reason is shown to the requester. */
export function denyModal(request: SeatRequest): View {
  const metadata: DenyModalMetadata = { requestId: request.id };
  return {
    type: "modal",
    callback_id: VIEWS.deny,
    private_metadata: JSON.stringify(metadata),
    title: { type: "plain_text", text: "Deny request" },
    submit: { type: "plain_text", text: "Deny" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `Deny ${mention(request.requesterId)}'s request for a Copilot seat for \`${escapeMrkdwn(request.githubLogin)}\`?`,
        },
      },
      {
        type: "input",
        block_id: DENY_FIELDS.block,
        optional: true,
        label: { type: "plain_text", text: "Reason (shown to the requester)" },
        element: { type: "plain_text_input", action_id: DENY_FIELDS.action, multiline: true, max_length: 500 },
      },
    ],
  };
}
