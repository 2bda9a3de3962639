import type { View } from "@slack/types";
import { PERMANENT, REASON_MAX_LENGTH } from "../../request/seat-request.js";
import { DEFAULT_SEAT_TERMS, type SeatTerms } from "../../request/seat-term.js";
import { describeTerm } from "./seat-term-messages.js";
import { VIEWS } from "./slack-message.js";

export interface RequestModalPrefill {
  githubLogin?: string;
  managerId?: string;
  reason?: string;
  seatDuration?: string;
}

export const REQUEST_FIELDS = {
  githubLogin: { block: "github_login", action: "value" },
  manager: { block: "manager", action: "value" },
  reason: { block: "reason", action: "value" },
  seatDuration: { block: "seat_duration", action: "value" },
} as const;

function termOption(duration: string) {
  return {
    text: { type: "plain_text" as const, text: duration === PERMANENT ? "Permanent" : describeTerm(duration) },
    value: duration,
  };
}

/** The form behind `/copilot request`; whatever was typed inline comes back prefilled. */
export function requestModal(prefill: RequestModalPrefill, terms: SeatTerms = DEFAULT_SEAT_TERMS): View {
  const options = [PERMANENT, ...terms.durations].map(termOption);
  const chosen = prefill.seatDuration ?? terms.defaultDuration;
  const initial = options.find((option) => option.value === chosen);
  return {
    type: "modal",
    callback_id: VIEWS.request,
    title: { type: "plain_text", text: "Request Copilot" },
    submit: { type: "plain_text", text: "Send to manager" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      {
        type: "input",
        block_id: REQUEST_FIELDS.githubLogin.block,
        label: { type: "plain_text", text: "GitHub username" },
        hint: { type: "plain_text", text: "The account that should get the Copilot seat, e.g. octocat." },
        element: {
          type: "plain_text_input",
          action_id: REQUEST_FIELDS.githubLogin.action,
          max_length: 39,
          ...(prefill.githubLogin ? { initial_value: prefill.githubLogin.slice(0, 39) } : {}),
        },
      },
      {
        type: "input",
        block_id: REQUEST_FIELDS.manager.block,
        label: { type: "plain_text", text: "Manager" },
        hint: { type: "plain_text", text: "They get the request and decide on it." },
        element: {
          type: "users_select",
          action_id: REQUEST_FIELDS.manager.action,
          ...(prefill.managerId ? { initial_user: prefill.managerId } : {}),
        },
      },
      {
        type: "input",
        block_id: REQUEST_FIELDS.reason.block,
        label: { type: "plain_text", text: "Reason" },
        element: {
          type: "plain_text_input",
          action_id: REQUEST_FIELDS.reason.action,
          multiline: true,
          max_length: REASON_MAX_LENGTH,
          ...(prefill.reason ? { initial_value: prefill.reason.slice(0, REASON_MAX_LENGTH) } : {}),
        },
      },
      {
        type: "input",
        block_id: REQUEST_FIELDS.seatDuration.block,
        optional: true,
        label: { type: "plain_text", text: "For how long" },
        hint: {
          type: "plain_text",
          text: "A time-bound seat ends by itself; you are warned before, and can extend it.",
        },
        element: {
          type: "static_select",
          action_id: REQUEST_FIELDS.seatDuration.action,
          options,
          ...(initial ? { initial_option: initial } : {}),
        },
      },
    ],
  };
}
