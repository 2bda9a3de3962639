/**
 * Work the acknowledgement path hands to the worker, because it calls GitHub or may be slow. Jobs are delivered at
 * least once, so each one checks the state it acts on and may safely run twice.
 */
export type Job =
  | { type: "validate-request"; requestId: string }
  | { type: "assign-seat"; requestId: string }
  | { type: "notify-outcome"; requestId: string }
  | { type: "lookup-seat"; githubLogin: string; responseUrl: string }
  | { type: "revoke-seat"; githubLogin: string; actorId: string; responseUrl: string }
  | { type: "confirm-team-change"; teamSlug: string; change: TeamChange; actorId: string; responseUrl: string }
  | { type: "change-team-seats"; teamSlug: string; change: TeamChange; actorId: string; responseUrl: string }
  | { type: "show-subscription"; actorId: string; responseUrl: string }
  | { type: "export-audit"; actorId: string }
  | { type: "publish-home"; userId: string }
  | { type: "warn-seat-end"; requestId: string }
  | { type: "end-seat"; requestId: string }
  /** A holder gives their own seat back; answered through `responseUrl` when given, else by direct message. */
  | { type: "release-seat"; userId: string; githubLogin: string; responseUrl?: string };

export type TeamChange = "add" | "remove";

export interface JobQueue {
  enqueue(job: Job): Promise<void>;
}
