import { escapeMrkdwn } from "../slack/mrkdwn.js";
import type { CopilotSeat } from "./copilot-seat.js";

/** One line about a seat, for messages that mention it in passing. Dates are UTC calendar days. */
export function describeSeat(seat: CopilotSeat): string {
  const parts = [`plan ${seat.planType ?? "unknown"}`, `assigned on ${seat.createdAt.slice(0, 10)}`];
  if (seat.assigningTeam) parts.push(`through the team \`${escapeMrkdwn(seat.assigningTeam)}\``);
  parts.push(seat.lastActivityAt ? `last active ${seat.lastActivityAt.slice(0, 10)}` : "no activity yet");
  if (seat.pendingCancellationDate) parts.push(`ends on ${seat.pendingCancellationDate}`);
  return parts.join(", ");
}
