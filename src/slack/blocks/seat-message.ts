import type { CopilotSeat } from "../../seat/copilot-seat.js";
import { escapeMrkdwn, slackDate } from "../mrkdwn.js";
import { type SlackMessage, section } from "./slack-message.js";

/** `/copilot seat`: everything GitHub knows about one seat. */
export function seatMessage(login: string, seat: CopilotSeat | undefined, organization: string): SlackMessage {
  const who = `\`${escapeMrkdwn(login)}\``;
  if (!seat) {
    const text = `${who} has no Copilot seat in \`${escapeMrkdwn(organization)}\`. Use \`/copilot request\` to ask for one.`;
    return { text, blocks: [section(text)] };
  }
  const field = (label: string, value: string) => ({ type: "mrkdwn" as const, text: `*${label}*\n${value}` });
  const fields = [
    field("Plan", escapeMrkdwn(seat.planType ?? "unknown")),
    field("Assigned on", slackDate(seat.createdAt, "{date_long}")),
    field("Last activity", seat.lastActivityAt ? slackDate(seat.lastActivityAt) : "none yet"),
    field("Last editor", seat.lastActivityEditor ? escapeMrkdwn(seat.lastActivityEditor) : "—"),
    field("Pending cancellation", seat.pendingCancellationDate ? `ends on ${seat.pendingCancellationDate}` : "no"),
    field("Assigned through", seat.assigningTeam ? `team \`${escapeMrkdwn(seat.assigningTeam)}\`` : "directly"),
  ];
  const text = `${who} has a Copilot seat (${escapeMrkdwn(seat.planType ?? "unknown plan")}).`;
  return { text, blocks: [section(`*Copilot seat of ${who}*`), { type: "section", fields }] };
}
