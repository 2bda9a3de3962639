import type { KnownBlock } from "@slack/types";
import type { SubscriptionSummary } from "../../admin/subscription-summary.js";
import { escapeMrkdwn, slackDate } from "../mrkdwn.js";
import { context, type SlackMessage, section } from "./slack-message.js";

const SEAT_MANAGEMENT: Record<string, string> = {
  assign_all: "all members of the organization",
  assign_selected: "selected members and teams",
  disabled: "disabled",
  unconfigured: "not configured",
};

function field(label: string, value: string | number) {
  return { type: "mrkdwn" as const, text: `*${label}*\n${value}` };
}

/** The subscription's blocks, shared by `/copilot seats` and the admins' Home tab. */
export function subscriptionBlocks(summary: SubscriptionSummary, organization: string): KnownBlock[] {
  const b = summary.seatBreakdown;
  const blocks: KnownBlock[] = [
    section(`*Copilot subscription of \`${escapeMrkdwn(organization)}\`*`),
    {
      type: "section",
      fields: [
        field("Plan", escapeMrkdwn(summary.planType ?? "unknown")),
        field(
          "Seats go to",
          SEAT_MANAGEMENT[summary.seatManagementSetting] ?? escapeMrkdwn(summary.seatManagementSetting),
        ),
        field("Seats", b.total),
        field("Added this cycle", b.addedThisCycle),
        field("Pending invitation", b.pendingInvitation),
        field("Pending cancellation", b.pendingCancellation),
        field("Active this cycle", b.activeThisCycle),
        field("Inactive this cycle", b.inactiveThisCycle),
      ],
    },
  ];
  if (!summary.perPersonSeatsPossible) {
    blocks.push(
      section(
        ":warning: Seat management is not set to “selected members”, so GitHub's API cannot assign or remove individual seats: requests, grants and revokes will fail until an organization owner changes Copilot access in the organization's settings.",
      ),
    );
  }
  const policies = Object.entries(summary.policies ?? {});
  if (policies.length > 0) {
    blocks.push(
      context(
        policies
          .map(([name, value]) => `${escapeMrkdwn(name.replace(/_/g, " "))}: *${escapeMrkdwn(value)}*`)
          .join(" · "),
      ),
    );
  }
  blocks.push(...longestInactiveBlocks(summary));
  return blocks;
}

/** The longest-inactive seats, and how old that list is when it comes from the stored listing. */
function longestInactiveBlocks(summary: SubscriptionSummary): KnownBlock[] {
  const listing = summary.inactiveListing;
  if (listing?.state === "preparing") {
    return [
      context(
        ":hourglass_flowing_sand: The longest-inactive seats are being listed for the first time; they appear here in a few minutes.",
      ),
    ];
  }
  if (summary.longestInactive.length === 0) return [];
  const lines = summary.longestInactive.map(
    (seat, index) =>
      `${index + 1}. \`${escapeMrkdwn(seat.login)}\` — ${
        seat.lastActivityAt ? `last active ${slackDate(seat.lastActivityAt, "{date_short}")}` : "never used"
      }, assigned ${slackDate(seat.createdAt, "{date_short}")}${seat.assigningTeam ? ` via \`${escapeMrkdwn(seat.assigningTeam)}\`` : ""}`,
  );
  const blocks: KnownBlock[] = [section(`*Longest-inactive seats*\n${lines.join("\n")}`)];
  if (listing?.state === "listed") {
    blocks.push(
      context(
        `${listing.countsListed ? "Counts and list from the listing of" : "As listed"} ${slackDate(listing.listedAt)}${
          listing.countsListed ? " (`/copilot seats` asks GitHub for today's counts)" : ""
        }.${
          listing.seatsChangedSince ? " Seats changed since; a new list follows with the next maintenance sweep." : ""
        }`,
      ),
    );
  }
  return blocks;
}

export function subscriptionMessage(summary: SubscriptionSummary, organization: string): SlackMessage {
  return {
    text: `Copilot subscription of ${organization}: ${summary.seatBreakdown.total} seats`,
    blocks: subscriptionBlocks(summary, organization),
  };
}
