import type { AuditLog } from "../audit/audit-log.js";
import { isTeamSlug } from "../identifiers.js";
import type { TeamChange } from "../jobs/job.js";
import type { Clock } from "../request/ports.js";
import type { SeatAdministration, TeamInfo } from "./ports.js";

export interface TeamSeatsDependencies {
  github: SeatAdministration;
  audit: AuditLog;
  clock: Clock;
}

export type TeamChangeOutcome = { kind: "changed"; team: TeamInfo; seats: number } | { kind: "no-team" };

/** Gives every member of a team a seat, or sets their seats to pending cancellation, and records it. */
export async function changeTeamSeats(
  slug: string,
  change: TeamChange,
  actorId: string,
  deps: TeamSeatsDependencies,
): Promise<TeamChangeOutcome> {
  const team = await deps.github.getTeam(slug);
  if (!team) return { kind: "no-team" };
  const seats =
    change === "add"
      ? (await deps.github.addTeam(slug)).seatsCreated
      : (await deps.github.removeTeam(slug)).seatsCancelled;
  await deps.audit.recordSeatChange({
    at: deps.clock.now().toISOString(),
    actorId,
    action: change === "add" ? "team-seats-added" : "team-seats-removed",
    teamSlug: slug,
    detail: `${change === "add" ? "seats_created" : "seats_cancelled"}=${seats}, members=${team.membersCount}`,
  });
  return { kind: "changed", team, seats };
}

export function isValidTeamSlug(slug: string): boolean {
  return isTeamSlug(slug);
}
