import type { KnownBlock } from "@slack/types";
import type { SeatRequest } from "../../request/seat-request.js";
import { escapeMrkdwn, mention, slackDate } from "../mrkdwn.js";
import { ACTIONS, context, type SlackMessage, section } from "./slack-message.js";

function quote(text: string): string {
  return escapeMrkdwn(text)
    .split("\n")
    .map((line) => `>${line}`)
    .join("\n");
}

function requestSummary(request: SeatRequest): KnownBlock {
  return {
    type: "section",
    fields: [
      { type: "mrkdwn", text: `*Requested by*\n${mention(request.requesterId)}` },
      { type: "mrkdwn", text: `*GitHub account*\n\`${escapeMrkdwn(request.githubLogin)}\`` },
    ],
  };
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
    ],
  };
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
      return `:x: Approved by ${by}, but GitHub did not assign the seat: ${request.failure?.message ?? "unknown error"} The Copilot admins have been told.`;
    case "DENIED":
      return `:no_entry: Denied by ${by}${request.denialReason ? `: ${escapeMrkdwn(request.denialReason)}` : "."}`;
    case "REJECTED":
      return `:warning: Withdrawn: ${request.rejection?.message ?? "a check failed"}`;
    default:
      return `Waiting for a decision from ${mention(request.managerId)}.`;
  }
}

/** The manager's DM: buttons while the request waits on them, then the outcome in place of the buttons. */
export function approvalMessage(request: SeatRequest): SlackMessage {
  const heading = `${mention(request.requesterId)} asks for a GitHub Copilot seat for \`${escapeMrkdwn(request.githubLogin)}\`.`;
  const blocks: KnownBlock[] = [
    section(`*Copilot seat request*\n${heading}`),
    requestSummary(request),
    section(`*Reason*\n${quote(request.reason)}`),
  ];
  if (request.state === "PENDING") {
    blocks.push(decisionButtons(request));
    blocks.push(context(`Filed ${slackDate(request.createdAt)}. Only you or a Copilot admin can decide.`));
  } else {
    blocks.push(section(outcomeLine(request)));
  }
  const text =
    request.state === "PENDING"
      ? `Copilot seat request from ${mention(request.requesterId)} for ${escapeMrkdwn(request.githubLogin)}`
      : outcomeLine(request);
  return { text, blocks };
}

/** What the requester is told at each step. */
export function requesterMessage(request: SeatRequest, organization: string): SlackMessage {
  const login = `\`${escapeMrkdwn(request.githubLogin)}\``;
  switch (request.state) {
    case "PENDING":
      return simple(
        `:incoming_envelope: Your Copilot seat request for ${login} was sent to ${mention(request.managerId)}. I'll tell you when they decide.`,
      );
    case "ASSIGNED":
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
        ].join("\n"),
      );
    case "DENIED":
      return simple(
        `Your Copilot seat request for ${login} was denied by ${mention(request.decidedBy ?? request.managerId)}${
          request.denialReason ? `:\n>${escapeMrkdwn(request.denialReason)}` : "."
        }`,
      );
    case "REJECTED":
      return simple(
        `:warning: Your Copilot seat request for ${login} could not go ahead: ${request.rejection?.message ?? "a check failed."}`,
      );
    case "FAILED":
      return simple(
        `:x: Your request for ${login} was approved, but GitHub did not assign the seat: ${request.failure?.message ?? "unknown error"} The Copilot admins have been told and can retry.`,
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
      section(`*What GitHub said*\n${request.failure?.message ?? "unknown error"}`),
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
