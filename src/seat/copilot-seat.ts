/** The parts of GitHub's Copilot seat assignment the bot shows and reasons about. */
export interface CopilotSeat {
  /** Empty when GitHub sends the seat without an assignee (`assignee: null`, allowed by the newer schema). */
  login: string;
  planType?: string;
  createdAt: string;
  /** Deprecated by GitHub ("closing down"); kept only for display, never for a decision. */
  updatedAt?: string;
  /** GitHub clears this after 90 days without activity, so null means "none lately", not "never". */
  lastActivityAt?: string;
  lastActivityEditor?: string;
  /** The last sign-in to Copilot: a user with telemetry off shows up here and not in `lastActivityAt`. */
  lastAuthenticatedAt?: string;
  pendingCancellationDate?: string;
  assigningTeam?: string;
  /** Set when the seat comes through an enterprise team rather than one of the organization's teams. */
  assigningTeamKind?: "organization" | "enterprise";
}

/** The later of the last activity and the last sign-in: when the seat was last seen in use. */
export function lastSeenAt(seat: CopilotSeat): string | undefined {
  const times = [seat.lastActivityAt, seat.lastAuthenticatedAt].filter(
    (t): t is string => typeof t === "string" && !Number.isNaN(Date.parse(t)),
  );
  if (times.length === 0) return undefined;
  return times.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
}
