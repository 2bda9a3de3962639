import type { KnownBlock, View } from "@slack/types";
import { isGitHubLogin } from "../../identifiers.js";
import { PERMANENT, REASON_MAX_LENGTH } from "../../request/seat-request.js";
import { DEFAULT_SEAT_TERMS, type SeatTerms } from "../../request/seat-term.js";
import { connectButton } from "./identity-messages.js";
import { describeTerm } from "./seat-term-messages.js";
import { section, VIEWS } from "./slack-message.js";

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

/**
 * Where the form's GitHub account comes from. `typed`: a text field (prefilled). With `REQUIRE_PROVEN_LOGIN`,
 * `proven`: the requester's own proven login, shown and carried in `private_metadata` instead of a field; `connect`:
 * they have none, so the form offers to connect one and cannot be sent.
 */
export type RequestAccount = { kind: "typed" } | { kind: "proven"; githubLogin: string } | { kind: "connect" };

/** The proven login a form carries, read back from its `private_metadata` field by field. */
export function provenLoginFromMetadata(metadata: string | undefined): string | undefined {
  if (!metadata) return undefined;
  try {
    const parsed: unknown = JSON.parse(metadata);
    const login = (parsed as { githubLogin?: unknown } | null)?.githubLogin;
    return typeof login === "string" && isGitHubLogin(login) ? login : undefined;
  } catch {
    return undefined;
  }
}

/** The form behind `/copilot request`; whatever was typed inline comes back prefilled. */
export function requestModal(
  prefill: RequestModalPrefill,
  terms: SeatTerms = DEFAULT_SEAT_TERMS,
  account: RequestAccount = { kind: "typed" },
): View {
  if (account.kind === "connect") {
    return {
      type: "modal",
      callback_id: VIEWS.request,
      title: { type: "plain_text", text: "Request Copilot" },
      close: { type: "plain_text", text: "Close" },
      blocks: [
        section(
          "Seats here are only for your own GitHub account, and the bot does not know yet which one is yours. Connect it first (it takes a GitHub sign-in), then ask again with `/copilot request`.",
        ),
        { type: "actions", elements: [connectButton()] },
      ],
    };
  }
  const accountBlock: KnownBlock =
    account.kind === "proven"
      ? section(`*GitHub account*\n\`${account.githubLogin}\` (connected: your own account)`)
      : {
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
        };
  const options = [PERMANENT, ...terms.durations].map(termOption);
  const chosen = prefill.seatDuration ?? terms.defaultDuration;
  const initial = options.find((option) => option.value === chosen);
  return {
    type: "modal",
    callback_id: VIEWS.request,
    title: { type: "plain_text", text: "Request Copilot" },
    submit: { type: "plain_text", text: "Send to manager" },
    close: { type: "plain_text", text: "Cancel" },
    // A proven login is validated (`isGitHubLogin`), so it needs no escaping; the submission reads it back from here.
    ...(account.kind === "proven" ? { private_metadata: JSON.stringify({ githubLogin: account.githubLogin }) } : {}),
    blocks: [
      accountBlock,
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
