import { escapeMrkdwn } from "../slack/mrkdwn.js";
import type { CopilotSeat } from "./copilot-seat.js";

/** GitHub clears `last_activity_at` after this many days without activity. */
const ACTIVITY_KEPT_DAYS = 90;

/** One line about a seat, for messages that mention it in passing. Dates are UTC calendar days. */
export function describeSeat(seat: CopilotSeat, now: Date = new Date()): string {
  const parts = [`plan ${seat.planType ?? "unknown"}`, `assigned on ${seat.createdAt.slice(0, 10)}`];
  if (seat.assigningTeam) {
    const kind = seat.assigningTeamKind === "enterprise" ? "enterprise team" : "team";
    parts.push(`through the ${kind} \`${escapeMrkdwn(seat.assigningTeam)}\``);
  }
  if (seat.lastActivityAt) {
    parts.push(`last active ${seat.lastActivityAt.slice(0, 10)}`);
  } else {
    // A null last activity on a seat older than 90 days means GitHub has cleared it, not that it was never used.
    const ageDays = (now.getTime() - Date.parse(seat.createdAt)) / 86_400_000;
    parts.push(ageDays > ACTIVITY_KEPT_DAYS ? `no activity for ${ACTIVITY_KEPT_DAYS}+ days` : "no activity yet");
  }
  if (seat.lastAuthenticatedAt) parts.push(`last signed in ${seat.lastAuthenticatedAt.slice(0, 10)}`);
  if (seat.pendingCancellationDate) parts.push(`ends on ${seat.pendingCancellationDate}`);
  return parts.join(", ");
}
