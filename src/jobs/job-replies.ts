import type { TeamInfo } from "../admin/ports.js";
import type { RevokeOutcome } from "../admin/revoke-seat.js";
import type { SubscriptionSummary } from "../admin/subscription-summary.js";
import type { TeamChangeOutcome } from "../admin/team-seats.js";
import type { SeatNotice } from "../request/ports.js";
import type { CopilotSeat } from "../seat/copilot-seat.js";
import type { GitHubFailure } from "../seat/github-failure.js";
import type { TeamChange } from "./job.js";

/** What a job answers to the person whose command queued it. */
export type JobAnswer =
  | { kind: "seat"; githubLogin: string; seat: CopilotSeat | undefined }
  | { kind: "revoke-outcome"; githubLogin: string; actorId: string; outcome: RevokeOutcome }
  /** Asked before a team's seats change; `team` is undefined when the organization has no such team. */
  | { kind: "team-change-confirmation"; teamSlug: string; change: TeamChange; team: TeamInfo | undefined }
  | { kind: "team-change-outcome"; teamSlug: string; change: TeamChange; outcome: TeamChangeOutcome }
  | { kind: "subscription"; summary: SubscriptionSummary }
  | { kind: "seat-notice"; notice: SeatNotice }
  /** GitHub refused for good, or kept failing until the last delivery. */
  | { kind: "github-failure"; failure: GitHubFailure };

/** The whole audit trail, as CSV text, for one person. */
export interface AuditExport {
  csv: string;
  entryCount: number;
  /** The export's day (YYYY-MM-DD), which names the file. */
  day: string;
}

/** How the worker answers people. The Slack adapter, `SlackJobReplies`, decides how it looks. */
export interface JobReplies {
  /** Answers a command through its `response_url`; rejects when the answer was not taken. */
  answer(responseUrl: string, answer: JobAnswer): Promise<void>;
  /** Sends the audit trail as a file to the person's direct messages with the bot. */
  sendAuditExport(userId: string, auditExport: AuditExport): Promise<void>;
}
