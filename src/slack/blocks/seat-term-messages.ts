import type { KnownBlock } from "@slack/types";
import type { SeatCancellation, SeatNotice } from "../../request/ports.js";
import type { SeatRequest } from "../../request/seat-request.js";
import { escapeMrkdwn, mention, slackDate } from "../mrkdwn.js";
import { ACTIONS, type SlackMessage, section } from "./slack-message.js";

const code = (login: string) => `\`${escapeMrkdwn(login)}\``;

/** "30 days" for `30d`; the other units as written. */
export function describeTerm(duration: string): string {
  const match = /^(\d+)([smhd])$/.exec(duration);
  if (!match) return escapeMrkdwn(duration);
  const units = { s: "second", m: "minute", h: "hour", d: "day" } as const;
  const amount = Number(match[1]);
  return `${amount} ${units[match[2] as keyof typeof units]}${amount === 1 ? "" : "s"}`;
}

/** The holder gives their seat back; Slack's own confirmation dialog asks first. */
export function releaseButton(githubLogin: string) {
  return {
    type: "button" as const,
    action_id: ACTIONS.releaseSeat,
    text: { type: "plain_text" as const, text: "Release my seat" },
    style: "danger" as const,
    value: JSON.stringify({ githubLogin }),
    confirm: {
      title: { type: "plain_text" as const, text: "Give your seat back?" },
      text: {
        type: "plain_text" as const,
        text: `GitHub cancels the Copilot seat of ${githubLogin} at the end of the billing cycle; it works until then. To get one again you file a new request.`,
      },
      confirm: { type: "plain_text" as const, text: "Release it" },
      deny: { type: "plain_text" as const, text: "Keep it" },
    },
  };
}

/** `/copilot release`: what giving the seat back means, and the button that does it (after Slack's confirmation). */
export function releaseConfirmation(githubLogin: string): SlackMessage {
  const text = `Give back your Copilot seat for ${code(githubLogin)}? GitHub cancels it at the end of the billing cycle ("pending cancellation"): it keeps working until then, and the bot tells you the date. Nothing happens until you confirm.`;
  return {
    text,
    blocks: [section(text), { type: "actions", block_id: "release", elements: [releaseButton(githubLogin)] }],
  };
}

function pendingUntil(date: string | undefined): string {
  return date
    ? `GitHub cancels it at the end of the billing cycle: it keeps working until ${escapeMrkdwn(date)}.`
    : "GitHub cancels it at the end of the billing cycle; it keeps working until then.";
}

function endingSoon(request: SeatRequest): SlackMessage {
  const text = `:hourglass: Your ${describeTerm(request.seatDuration ?? "")} Copilot seat for ${code(request.githubLogin)} ends ${slackDate(request.seatEndsAt ?? "")}. Need it longer? *Extend* asks ${mention(request.managerId)} for another ${describeTerm(request.seatDuration ?? "")}. Done with it? *Release now* gives it back.`;
  const blocks: KnownBlock[] = [
    section(text),
    {
      type: "actions",
      block_id: `seat-term:${request.id}`,
      elements: [
        {
          type: "button",
          action_id: ACTIONS.extendSeat,
          text: { type: "plain_text", text: "Extend" },
          style: "primary",
          value: request.id,
        },
        releaseButton(request.githubLogin),
      ],
    },
  ];
  return { text, blocks };
}

function ended(request: SeatRequest, audience: "holder" | "approver" | "admin"): SlackMessage {
  const end = request.seatEnd;
  const term = describeTerm(request.seatDuration ?? "");
  const login = code(request.githubLogin);
  if (audience === "admin") {
    return simple(
      end?.throughTeam
        ? `:warning: The ${term} Copilot seat of ${login} (${mention(request.requesterId)}) has reached its end, but it comes through the team \`${escapeMrkdwn(end.throughTeam)}\`: GitHub cannot cancel a team seat per person, so it stays. Remove them from the team, or use \`/copilot revoke-team\`.`
        : `:warning: The ${term} Copilot seat of ${login} (${mention(request.requesterId)}) has reached its end, but GitHub did not cancel it (no seat found, or GitHub kept failing). Check it with \`/copilot seat ${escapeMrkdwn(request.githubLogin)}\`.`,
    );
  }
  const whose =
    audience === "holder"
      ? `Your ${term} Copilot seat for ${login}`
      : `The ${term} Copilot seat you approved for ${mention(request.requesterId)} (${login})`;
  if (end?.throughTeam) {
    return simple(
      `:information_source: ${whose} has reached its end, but it comes through the team \`${escapeMrkdwn(end.throughTeam)}\`, which GitHub cannot cancel per person: it stays. The Copilot admins have been told.`,
    );
  }
  const after = audience === "holder" ? " To keep using Copilot after that, file `/copilot request` again." : "";
  return simple(`:end: ${whose} has ended. ${pendingUntil(end?.pendingCancellationDate)}${after}`);
}

function released(githubLogin: string, outcome: SeatCancellation): SlackMessage {
  const login = code(githubLogin);
  switch (outcome.kind) {
    case "revoked":
      return simple(
        `:white_check_mark: You gave back your Copilot seat for ${login}. ${pendingUntil(outcome.pendingCancellationDate)}`,
      );
    case "already-pending":
      return simple(
        `Your Copilot seat for ${login} is already being cancelled. ${pendingUntil(outcome.pendingCancellationDate)} Nothing was changed.`,
      );
    case "through-team":
      return simple(
        `Your Copilot seat for ${login} comes through the team \`${escapeMrkdwn(outcome.team)}\`; GitHub cannot cancel a team seat per person. Ask a Copilot admin, or leave the team. Nothing was changed.`,
      );
    case "no-seat":
      return simple(`${login} has no Copilot seat, so there is nothing to give back.`);
  }
}

/** What a person is told about a seat, outside a request's approval. */
export function seatNoticeMessage(notice: SeatNotice): SlackMessage {
  switch (notice.kind) {
    case "ending-soon":
      return endingSoon(notice.request);
    case "ended":
      return ended(notice.request, notice.audience);
    case "released":
      return released(notice.githubLogin, notice.outcome);
  }
}

function simple(text: string): SlackMessage {
  return { text, blocks: [section(text)] };
}
