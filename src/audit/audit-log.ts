/**
 * One line of the audit trail: a request's state change, or a seat change an admin made directly. Request changes
 * are written by the request store together with the change itself; seat changes through `recordSeatChange`.
 */
export interface AuditEntry {
  at: string;
  /** Slack user ID, or `system` for the bot. */
  actorId: string;
  action: string;
  githubLogin?: string;
  teamSlug?: string;
  requestId?: string;
  from?: string;
  to?: string;
  detail?: string;
}

export type SeatChangeAction =
  | "seat-revoked"
  | "seat-released"
  | "seat-ended"
  /** An idle seat nobody kept, cancelled at its reclaim round's deadline. */
  | "seat-reclaimed"
  | "team-seats-added"
  | "team-seats-removed";

export interface AuditPage {
  entries: AuditEntry[];
  /** Opaque; pass it back for the next (older) page. Absent on the last page. */
  cursor?: string;
}

export interface AuditLog {
  recordSeatChange(entry: AuditEntry & { action: SeatChangeAction }): Promise<void>;
  /** Newest first; only one GitHub login's entries when `githubLogin` is given. */
  page(filter: { githubLogin?: string }, cursor: string | undefined, limit: number): Promise<AuditPage>;
}

/**
 * Claims a key once, so a double click or a retried delivery starts an action only once. A claim is a lease: it runs
 * out after `leaseSeconds` unless `confirm` keeps it, so a crash between claiming and doing never locks the action out.
 */
export interface OnceGuard {
  claim(key: string, leaseSeconds: number): Promise<boolean>;
  /** The guarded action happened: keep the key for `forSeconds` so repeats are recognised. */
  confirm(key: string, forSeconds: number): Promise<void>;
  /** Gives a claim back when the action it guarded failed, so a retry may do it. */
  release(key: string): Promise<void>;
}
