import type { AuditLog, SeatChangeAction } from "../audit/audit-log.js";
import type { Clock } from "../request/ports.js";
import type { CopilotSeat } from "../seat/copilot-seat.js";
import type { SeatAdministration } from "./ports.js";

export type RevokeOutcome =
  | { kind: "revoked"; seatsCancelled: number; seat: CopilotSeat | undefined }
  | { kind: "no-seat" }
  | { kind: "already-pending"; seat: CopilotSeat }
  | { kind: "through-team"; seat: CopilotSeat & { assigningTeam: string } };

export interface RevokeDependencies {
  github: SeatAdministration;
  audit: AuditLog;
  clock: Clock;
}

/**
 * Sets a person's seat to pending cancellation (it lasts until the end of the billing cycle). The seat is read first:
 * a seat that came through a team cannot be cancelled per person, and one already pending needs nothing, which also
 * makes a second delivery of the same job harmless.
 */
export async function revokeSeat(
  login: string,
  actorId: string,
  deps: RevokeDependencies,
  /** What the audit trail calls it: an admin's revocation, a holder giving the seat back, or a term's end. */
  action: SeatChangeAction = "seat-revoked",
): Promise<RevokeOutcome> {
  const seat = await deps.github.getSeat(login);
  if (!seat) return { kind: "no-seat" };
  if (seat.pendingCancellationDate) return { kind: "already-pending", seat };
  if (seat.assigningTeam) return { kind: "through-team", seat: { ...seat, assigningTeam: seat.assigningTeam } };
  const { seatsCancelled } = await deps.github.revokeSeat(login);
  await deps.audit.recordSeatChange({
    at: deps.clock.now().toISOString(),
    actorId,
    action,
    githubLogin: login,
    detail: `seats_cancelled=${seatsCancelled}`,
  });
  return { kind: "revoked", seatsCancelled, seat: await deps.github.getSeat(login) };
}
