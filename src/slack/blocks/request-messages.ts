import type { KnownBlock } from "@slack/types";
import type { SeatRequest } from "../../request/seat-request.js";
import { isTimeBound } from "../../request/seat-term.js";
import { requestProblemMrkdwn } from "../error-messages.js";
import { escapeMrkdwn, mention, slackDate } from "../mrkdwn.js";
import { connectOffer } from "./identity-messages.js";
import { describeTerm } from "./seat-term-messages.js";
import { ACTIONS, context, type SlackMessage, section } from "./slack-message.js";

function quote(text: string): string {
  return escapeMrkdwn(text)
    .split("\n")
    .map((line) => `>${line}`)
    .join("\n");
}

function requestSummary(request: SeatRequest): KnownBlock {
  const term = isTimeBound(request)
    ? `${describeTerm(request.seatDuration)}${request.kind === "extension" ? " more" : ""}, then the seat ends by itself`
    : "permanent";
  return {
    type: "section",
    fields: [
      { type: "mrkdwn", text: `*Requested by*\n${mention(request.requesterId)}` },
      { type: "mrkdwn", text: `*GitHub account*\n\`${escapeMrkdwn(request.githubLogin)}\`${loginProofNote(request)}` },
      ...(request.kind === "grant" ? [] : [{ type: "mrkdwn" as const, text: `*Seat for*\n${term}` }]),
    ],
  };
}

/**
 * Said under the account when the requester only typed the login (`REQUIRE_PROVEN_LOGIN` off): the approver should
 * know the bot has not checked that it is theirs. Nothing is said for a proven login.
 */
export const LOGIN_NOT_VERIFIED =
  "login not verified: the requester typed it and has not signed in with it, so check that it is theirs";

function loginProofNote(request: SeatRequest): string {
  return request.loginProven === false ? `\n:warning: ${LOGIN_NOT_VERIFIED}` : "";
}

function decisionButtons(request: SeatRequest): KnownBlock {
  return {
    type: "actions",
    block_id: `decide:${request.id}`,
    elements: [
      {
        type: "button",
        action_id: ACTIONS.approve,
        text: { type: "plain_text", text: "Approve" },
        style: "primary",
        value: request.id,
      },
      {
        type: "button",
        action_id: ACTIONS.deny,
        text: { type: "plain_text", text: "Deny" },
        style: "danger",
        value: request.id,
      },
      {
        type: "button",
        action_id: ACTIONS.forwardRequest,
        text: { type: "plain_text", text: "Forward…" },
        value: request.id,
      },
    ],
  };
}

/** The requester's Cancel button, on their DM and their Home tab while the request waits. */
export function cancelButton(request: SeatRequest) {
  return {
    type: "button" as const,
    action_id: ACTIONS.cancelRequest,
    text: { type: "plain_text" as const, text: "Cancel request" },
    value: request.id,
    confirm: {
      title: { type: "plain_text" as const, text: "Cancel this request?" },
      text: { type: "plain_text" as const, text: `Withdraw the Copilot seat request for ${request.githubLogin}?` },
      confirm: { type: "plain_text" as const, text: "Cancel request" },
      deny: { type: "plain_text" as const, text: "Keep it" },
    },
  };
}

/** Whose copy of the approval message is drawn: the approver's, an admin's after an escalation, or a former approver's. */
export type ApprovalViewer = "approver" | "admin" | "former-approver";

function waitingNotes(request: SeatRequest, viewer: ApprovalViewer): string[] {
  const notes = [
    `Filed ${slackDate(request.createdAt)}. Only ${mention(request.managerId)} or a Copilot admin can decide.`,
  ];
  const forward = request.forwardedFrom?.at(-1);
  if (forward && viewer === "approver")
    notes.push(`:arrow_right: Handed on to you; it waited on ${mention(forward.managerId)} before.`);
  if (request.escalatedAt) {
    notes.push(
      viewer === "admin"
        ? `:rotating_light: Escalated to the Copilot admins ${slackDate(request.escalatedAt)}: it has waited on ${mention(request.managerId)} without a decision.`
        : `:rotating_light: Escalated to the Copilot admins ${slackDate(request.escalatedAt)}: they can decide it too.`,
    );
  }
  return notes;
}

/** One line on where the request stands, as seen by the manager after the buttons are gone. */
function outcomeLine(request: SeatRequest): string {
  const by = request.decidedBy ? mention(request.decidedBy) : "someone";
  switch (request.state) {
    case "APPROVED":
      return `:hourglass_flowing_sand: Approved by ${by} — assigning the seat…`;
    case "ASSIGNED":
      return `:white_check_mark: Approved by ${by} — the Copilot seat is assigned.`;
    case "FAILED":
      return `:x: Approved by ${by}, but GitHub did not assign the seat: ${requestProblemMrkdwn(request.failure, "unknown error")} The Copilot admins have been told.`;
    case "DENIED":
      return `:no_entry: Denied by ${by}${request.denialReason ? `: ${escapeMrkdwn(request.denialReason)}` : "."}`;
    case "REJECTED":
      return `:warning: Withdrawn: ${requestProblemMrkdwn(request.rejection, "a check failed")}`;
    case "EXPIRED":
      return `:hourglass: Expired without a decision${request.decidedAt ? ` ${slackDate(request.decidedAt)}` : ""}. ${mention(request.requesterId)} was told how to ask again.`;
    case "ENDING":
    case "ENDED":
      return `:end: Approved by ${by}; the ${describeTerm(request.seatDuration ?? "")} seat has reached its end${request.state === "ENDING" ? " and is being cancelled" : ""}.`;
    case "CANCELLED":
      return `:leftwards_arrow_with_hook: Cancelled by ${mention(request.requesterId)}${request.decidedAt ? ` ${slackDate(request.decidedAt)}` : ""}. Nothing to decide.`;
    default:
      return `Waiting for a decision from ${mention(request.managerId)}.`;
  }
}

/**
 * The manager's DM: buttons while the request waits on them, then the outcome in place of the buttons. Admins' copies
 * (after an escalation) have the same buttons; an approver who forwarded it sees where it went instead.
 */
export function approvalMessage(request: SeatRequest, viewer: ApprovalViewer = "approver"): SlackMessage {
  const heading =
    request.kind === "extension"
      ? `${mention(request.requesterId)} asks to extend their GitHub Copilot seat for \`${escapeMrkdwn(request.githubLogin)}\`.`
      : `${mention(request.requesterId)} asks for a GitHub Copilot seat for \`${escapeMrkdwn(request.githubLogin)}\`.`;
  const blocks: KnownBlock[] = [
    section(`*Copilot seat request*\n${heading}`),
    requestSummary(request),
    section(`*Reason*\n${quote(request.reason)}`),
  ];
  const waiting = request.state === "PENDING" && viewer !== "former-approver";
  if (waiting) {
    blocks.push(decisionButtons(request));
    blocks.push(context(waitingNotes(request, viewer).join("\n")));
  } else if (request.state === "PENDING") {
    blocks.push(section(forwardedLine(request)));
  } else {
    blocks.push(section(outcomeLine(request)));
  }
  const text = waiting
    ? `${request.escalatedAt && viewer === "admin" ? "Escalated: " : ""}Copilot seat request from ${mention(request.requesterId)} for ${escapeMrkdwn(request.githubLogin)}`
    : request.state === "PENDING"
      ? forwardedLine(request)
      : outcomeLine(request);
  return { text, blocks };
}

function forwardedLine(request: SeatRequest): string {
  return `:arrow_right: Forwarded to ${mention(request.managerId)}, who decides it now.`;
}

/** A reply in the approval message's thread, after `REMINDER_AFTER` of working time without a decision. */
export function reminderMessage(request: SeatRequest): SlackMessage {
  return simple(
    `:alarm_clock: Reminder: ${mention(request.requesterId)}'s request for a Copilot seat for \`${escapeMrkdwn(request.githubLogin)}\` has waited since ${slackDate(request.createdAt)}. Approve, deny or forward it with the buttons above.`,
  );
}

/** What the requester is told about their waiting request along the way. */
export function requesterUpdateMessage(request: SeatRequest, event: "reminded" | "forwarded"): SlackMessage {
  const login = `\`${escapeMrkdwn(request.githubLogin)}\``;
  return event === "reminded"
    ? simple(
        `:alarm_clock: Your Copilot seat request for ${login} is still waiting: I reminded ${mention(request.managerId)}.`,
      )
    : simple(
        `:arrow_right: Your Copilot seat request for ${login} was forwarded to ${mention(request.managerId)}, who decides it now.`,
      );
}

/** What the requester is told at each step. */
export function requesterMessage(request: SeatRequest, organization: string): SlackMessage {
  const login = `\`${escapeMrkdwn(request.githubLogin)}\``;
  switch (request.state) {
    case "PENDING": {
      const text = `:incoming_envelope: Your Copilot seat request for ${login} was sent to ${mention(request.managerId)}. I'll tell you when they decide.`;
      return {
        text,
        blocks: [
          section(text),
          { type: "actions", block_id: `cancel:${request.id}`, elements: [cancelButton(request)] },
        ],
      };
    }
    case "EXPIRED":
      return simple(
        `:hourglass: Your Copilot seat request for ${login} expired: ${mention(request.managerId)} did not decide it in time. To ask again, use \`/copilot request ${escapeMrkdwn(request.githubLogin)} @manager &lt;reason&gt;\`; you may name someone else who can decide.`,
      );
    case "CANCELLED":
      return simple(
        `:leftwards_arrow_with_hook: You cancelled your Copilot seat request for ${login}; ${mention(request.managerId)} was told. \`/copilot request\` asks again whenever you like.`,
      );
    case "ASSIGNED":
      if (request.kind === "extension") {
        return simple(
          `:white_check_mark: ${mention(request.decidedBy ?? request.managerId)} extended your Copilot seat for ${login}: it now lasts until ${slackDate(request.seatEndsAt ?? "")}.`,
        );
      }
      if (request.kind === "grant") {
        return simple(
          `:white_check_mark: ${login} now has a Copilot seat in \`${escapeMrkdwn(organization)}\` (granted by you).`,
        );
      }
      return simple(
        [
          `:tada: Your GitHub Copilot seat for ${login} is ready (approved by ${mention(request.decidedBy ?? request.managerId)}).`,
          "*Next steps*",
          `1. Install the GitHub Copilot extension in your editor (VS Code, Visual Studio, JetBrains, Neovim, Xcode…).`,
          `2. Sign in to GitHub as ${login}; access comes through the \`${escapeMrkdwn(organization)}\` organization.`,
          "3. It can take a few minutes for the seat to show up; restart the editor if Copilot says you have no access.",
          ...(request.seatEndsAt
            ? [
                `This seat is for ${describeTerm(request.seatDuration ?? "")}: it ends ${slackDate(request.seatEndsAt)}. I'll remind you before, with a button to extend it.`,
              ]
            : []),
        ].join("\n"),
      );
    case "DENIED":
      return simple(
        `Your Copilot seat request for ${login} was denied by ${mention(request.decidedBy ?? request.managerId)}${
          request.denialReason ? `:\n>${escapeMrkdwn(request.denialReason)}` : "."
        }`,
      );
    case "REJECTED": {
      const text = `:warning: Your Copilot seat request for ${login} could not go ahead: ${requestProblemMrkdwn(request.rejection, "a check failed.")}`;
      // The fix for an account that is not proven is a sign-in: offer it right there.
      return request.rejection?.code === "LOGIN_NOT_PROVEN" ? connectOffer(text) : simple(text);
    }
    case "FAILED":
      return simple(
        `:x: Your request for ${login} was approved, but GitHub did not assign the seat: ${requestProblemMrkdwn(request.failure, "unknown error")} The Copilot admins have been told and can retry.`,
      );
    default:
      return simple(`Your Copilot seat request for ${login} is ${request.state.toLowerCase()}.`);
  }
}

/** Sent to each admin when an assignment fails, with a button to try again once the cause is fixed. */
export function failureAlertMessage(request: SeatRequest): SlackMessage {
  const text = `:rotating_light: Assigning a Copilot seat to \`${escapeMrkdwn(request.githubLogin)}\` failed (attempt ${request.attempt + 1}).`;
  return {
    text,
    blocks: [
      section(text),
      requestSummary(request),
      section(`*What GitHub said*\n${requestProblemMrkdwn(request.failure, "unknown error")}`),
      {
        type: "actions",
        block_id: `retry:${request.id}`,
        elements: [
          {
            type: "button",
            action_id: ACTIONS.retry,
            text: { type: "plain_text", text: "Retry" },
            value: request.id,
          },
        ],
      },
    ],
  };
}

function simple(text: string): SlackMessage {
  return { text, blocks: [section(text)] };
}
