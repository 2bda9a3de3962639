import type { KnownBlock } from "@slack/types";
import { truncateMrkdwn } from "../mrkdwn.js";

/** A message as Slack takes it: blocks for people, `text` for notifications and screen readers. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export const ACTIONS = {
  approve: "approve_request",
  deny: "deny_request",
  retry: "retry_request",
  openRequestModal: "open_request_modal",
  waitingMore: "waiting_more",
  cancelRequest: "cancel_request",
  forwardRequest: "forward_request",
  extendSeat: "extend_seat",
  releaseSeat: "release_seat",
} as const;

export const ADMIN_ACTIONS = {
  confirmRevoke: "confirm_revoke",
  confirmTeamChange: "confirm_team_change",
  cancel: "cancel_admin_action",
  auditMore: "audit_more",
} as const;

export const VIEWS = {
  request: "seat_request_modal",
  deny: "deny_reason_modal",
  forward: "forward_request_modal",
} as const;

export function section(text: string): KnownBlock {
  return { type: "section", text: { type: "mrkdwn", text: truncateMrkdwn(text, 3000) } };
}

export function context(text: string): KnownBlock {
  return { type: "context", elements: [{ type: "mrkdwn", text: truncateMrkdwn(text, 3000) }] };
}

export function textMessage(text: string): SlackMessage {
  return { text, blocks: [section(text)] };
}
