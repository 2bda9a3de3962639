import type { CopilotSeat } from "./copilot-seat.js";

/** GitHub clears `last_activity_at` after this many days without activity. */
export const ACTIVITY_KEPT_DAYS = 90;

/** What the bot knows about a seat when it mentions it in passing; the Slack layer words it. Dates are UTC days. */
export interface SeatFacts {
  planType?: string;
  assignedOn: string;
  team?: { name: string; kind: "organization" | "enterprise" };
  /** The last active day; or none yet; or none for 90+ days, after which GitHub clears it. */
  activity: { lastActiveOn: string } | { none: "yet" | "cleared" };
  lastSignedInOn?: string;
  endsOn?: string;
}

export function seatFacts(seat: CopilotSeat, now: Date = new Date()): SeatFacts {
  const facts: SeatFacts = { assignedOn: seat.createdAt.slice(0, 10), activity: { none: "yet" } };
  if (seat.planType) facts.planType = seat.planType;
  if (seat.assigningTeam) {
    facts.team = {
      name: seat.assigningTeam,
      kind: seat.assigningTeamKind === "enterprise" ? "enterprise" : "organization",
    };
  }
  if (seat.lastActivityAt) {
    facts.activity = { lastActiveOn: seat.lastActivityAt.slice(0, 10) };
  } else {
    // A null last activity on a seat older than 90 days means GitHub has cleared it, not that it was never used.
    const ageDays = (now.getTime() - Date.parse(seat.createdAt)) / 86_400_000;
    facts.activity = { none: ageDays > ACTIVITY_KEPT_DAYS ? "cleared" : "yet" };
  }
  if (seat.lastAuthenticatedAt) facts.lastSignedInOn = seat.lastAuthenticatedAt.slice(0, 10);
  if (seat.pendingCancellationDate) facts.endsOn = seat.pendingCancellationDate;
  return facts;
}
