import type { View } from "@slack/types";
import type { SeatRequest } from "../../request/seat-request.js";
import { escapeMrkdwn, mention } from "../mrkdwn.js";
import { VIEWS } from "./slack-message.js";

export const FORWARD_FIELDS = { block: "new_approver", action: "value" } as const;

/** The approver (or an admin) hands the decision to someone else; the request's ID rides in `private_metadata`. */
export function forwardModal(request: SeatRequest): View {
  return {
    type: "modal",
    callback_id: VIEWS.forward,
    private_metadata: JSON.stringify({ requestId: request.id }),
    title: { type: "plain_text", text: "Forward request" },
    submit: { type: "plain_text", text: "Forward" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `Who should decide ${mention(request.requesterId)}'s request for a Copilot seat for \`${escapeMrkdwn(request.githubLogin)}\`? They get the request with its buttons; you no longer need to act.`,
        },
      },
      {
        type: "input",
        block_id: FORWARD_FIELDS.block,
        label: { type: "plain_text", text: "New approver" },
        hint: { type: "plain_text", text: "A full member of the workspace, not the requester." },
        element: { type: "users_select", action_id: FORWARD_FIELDS.action },
      },
    ],
  };
}
