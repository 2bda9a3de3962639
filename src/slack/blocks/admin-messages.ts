import type { KnownBlock } from "@slack/types";
import type { TeamInfo } from "../../admin/ports.js";
import type { RevokeOutcome } from "../../admin/revoke-seat.js";
import type { TeamChangeOutcome } from "../../admin/team-seats.js";
import type { TeamChange } from "../../jobs/job.js";
import { escapeMrkdwn, mention } from "../mrkdwn.js";
import { ADMIN_ACTIONS, type SlackMessage, section, textMessage } from "./slack-message.js";

export interface TeamChangeButtonValue {
  teamSlug: string;
  change: TeamChange;
}

function confirmation(text: string, confirm: { actionId: string; label: string; value: string }): SlackMessage {
  const blocks: KnownBlock[] = [
    section(text),
    {
      type: "actions",
      elements: [
        {
          type: "button",
          action_id: confirm.actionId,
          text: { type: "plain_text", text: confirm.label },
          style: "danger",
          value: confirm.value,
        },
        {
          type: "button",
          action_id: ADMIN_ACTIONS.cancel,
          text: { type: "plain_text", text: "Cancel" },
          value: "cancel",
        },
      ],
    },
  ];
  return { text, blocks };
}

/** Asked before `/copilot revoke` does anything. */
export function revokeConfirmation(login: string): SlackMessage {
  const who = `\`${escapeMrkdwn(login)}\``;
  return confirmation(
    `Revoke the Copilot seat of ${who}? GitHub keeps the seat until the end of the current billing cycle (“pending cancellation”), then removes it.`,
    { actionId: ADMIN_ACTIONS.confirmRevoke, label: "Revoke seat", value: login },
  );
}

/** Asked before a whole team gains or loses seats, with what that means in seats. */
export function teamChangeConfirmation(team: TeamInfo, change: TeamChange): SlackMessage {
  const name = `\`${escapeMrkdwn(team.slug)}\``;
  const members = `${team.membersCount} member${team.membersCount === 1 ? "" : "s"}`;
  const text =
    change === "add"
      ? `Give all ${members} of the team ${name} a Copilot seat? Members without a seat get one, each billed from today.`
      : `Remove the Copilot seats the team ${name} (${members}) gives? They become pending cancellation and end with the billing cycle, unless a member keeps a seat through another team.`;
  const value: TeamChangeButtonValue = { teamSlug: team.slug, change };
  return confirmation(text, {
    actionId: ADMIN_ACTIONS.confirmTeamChange,
    label: change === "add" ? "Add team seats" : "Remove team seats",
    value: JSON.stringify(value),
  });
}

export function noSuchTeamMessage(slug: string, organization: string): SlackMessage {
  return textMessage(
    `There is no team \`${escapeMrkdwn(slug)}\` in \`${escapeMrkdwn(organization)}\` (or the bot can't see it). Use the team's slug, as in its URL.`,
  );
}

export function revokeOutcomeMessage(login: string, outcome: RevokeOutcome, actorId: string): SlackMessage {
  const who = `\`${escapeMrkdwn(login)}\``;
  switch (outcome.kind) {
    case "no-seat":
      return textMessage(`${who} has no Copilot seat, so there is nothing to revoke.`);
    case "already-pending":
      return textMessage(
        `${who}'s seat is already pending cancellation and ends on ${outcome.seat.pendingCancellationDate}. Nothing was changed.`,
      );
    case "through-team":
      return textMessage(
        `${who} has the seat through the team \`${escapeMrkdwn(outcome.seat.assigningTeam)}\`; GitHub cannot remove a team seat per person. Remove them from that team, or use \`/copilot revoke-team ${escapeMrkdwn(outcome.seat.assigningTeam)}\`.`,
      );
    case "revoked": {
      const ends = outcome.seat?.pendingCancellationDate
        ? ` It stays usable until ${outcome.seat.pendingCancellationDate}, the end of the billing cycle.`
        : " It stays usable until the end of the billing cycle.";
      return textMessage(
        `:white_check_mark: ${mention(actorId)} revoked ${who}'s Copilot seat (pending cancellation).${ends}`,
      );
    }
  }
}

export function teamChangeOutcomeMessage(
  slug: string,
  change: TeamChange,
  outcome: TeamChangeOutcome,
  organization: string,
): SlackMessage {
  if (outcome.kind === "no-team") return noSuchTeamMessage(slug, organization);
  const name = `\`${escapeMrkdwn(outcome.team.slug)}\``;
  return textMessage(
    change === "add"
      ? `:white_check_mark: Team ${name}: ${outcome.seats} seat${outcome.seats === 1 ? "" : "s"} created (members who already had a seat keep it).`
      : `:white_check_mark: Team ${name}: ${outcome.seats} seat${outcome.seats === 1 ? "" : "s"} set to pending cancellation; they end with the billing cycle.`,
  );
}
