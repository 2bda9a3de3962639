import type { KnownBlock } from "@slack/types";
import type { SeatRequest } from "../../request/seat-request.js";
import { requestProblemMrkdwn } from "../error-messages.js";
import { escapeMrkdwn, mention, slackDate } from "../mrkdwn.js";
import { type SlackMessage, section } from "./slack-message.js";

const STATE_LABELS: Record<SeatRequest["state"], string> = {
  VALIDATING: ":mag: being checked",
  PENDING: ":hourglass: waiting for approval",
  APPROVED: ":gear: approved, assigning",
  ASSIGNED: ":white_check_mark: seat assigned",
  DENIED: ":no_entry: denied",
  REJECTED: ":warning: did not pass the checks",
  FAILED: ":x: approved but GitHub failed",
  EXPIRED: ":hourglass_flowing_sand: expired without a decision",
  CANCELLED: ":leftwards_arrow_with_hook: cancelled by you",
  ENDING: ":hourglass: seat ending",
  ENDED: ":end: seat ended",
};

export function describeRequestState(state: SeatRequest["state"]): string {
  return STATE_LABELS[state];
}

/** Where a request's lifecycle took it: reminders, escalation, forwards, and how it ended without a decision. */
export function lifecycleNotes(request: SeatRequest): string[] {
  const notes: string[] = [];
  const reminders = request.history.filter((entry) => entry.action === "reminded").length;
  if (request.state === "PENDING" && reminders > 0) {
    notes.push(`approver reminded ${reminders === 1 ? "once" : `${reminders} times`}`);
  }
  if (request.escalatedAt && request.state === "PENDING") {
    notes.push(`escalated to the Copilot admins ${slackDate(request.escalatedAt)}`);
  }
  for (const forward of request.forwardedFrom ?? []) notes.push(`forwarded on by ${mention(forward.managerId)}`);
  if (request.state === "ASSIGNED" && request.seatEndsAt) notes.push(`seat ends ${slackDate(request.seatEndsAt)}`);
  if (request.state === "ENDED" && request.seatEnd?.reason === "released") notes.push("given back by you");
  if ((request.state === "EXPIRED" || request.state === "CANCELLED") && request.decidedAt) {
    notes.push(`${request.state === "EXPIRED" ? "expired" : "cancelled"} ${slackDate(request.decidedAt)}`);
  }
  return notes;
}

/** `/copilot status`: the caller's requests, newest first. */
export function statusMessage(requests: readonly SeatRequest[]): SlackMessage {
  if (requests.length === 0) {
    const text = "You have no Copilot seat requests. Use `/copilot request` to ask for a seat.";
    return { text, blocks: [section(text)] };
  }
  const blocks: KnownBlock[] = [section(`*Your Copilot seat requests* (${requests.length} most recent)`)];
  for (const request of requests) {
    const lines = [
      `\`${escapeMrkdwn(request.githubLogin)}\` — ${STATE_LABELS[request.state]}`,
      `filed ${slackDate(request.createdAt)}, approver ${mention(request.managerId)}`,
    ];
    if (request.decidedBy && request.decidedAt) {
      lines.push(`decided by ${mention(request.decidedBy)} ${slackDate(request.decidedAt)}`);
    }
    const stored = request.failure ?? request.rejection;
    if (stored && (request.state === "FAILED" || request.state === "REJECTED")) {
      lines.push(requestProblemMrkdwn(stored, ""));
    }
    if (request.state === "DENIED" && request.denialReason) lines.push(`reason: ${escapeMrkdwn(request.denialReason)}`);
    lines.push(...lifecycleNotes(request));
    if (request.state === "EXPIRED") lines.push("to ask again: `/copilot request`");
    blocks.push(section(lines.join("\n")));
  }
  return { text: `You have ${requests.length} Copilot seat request(s).`, blocks: blocks.slice(0, 50) };
}
