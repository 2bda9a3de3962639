import type { TeamInfo } from "../admin/ports.js";
import type { RevokeOutcome } from "../admin/revoke-seat.js";
import type { SubscriptionSummary } from "../admin/subscription-summary.js";
import type { TeamChangeOutcome } from "../admin/team-seats.js";
import type { AuditPage } from "../audit/audit-log.js";
import type { ReclaimHolder } from "../reclaim/ports.js";
import type { SeatNotice } from "../request/ports.js";
import type { SeatRequest } from "../request/seat-request.js";
import type { CopilotSeat } from "../seat/copilot-seat.js";
import type { GitHubFailure } from "../seat/github-failure.js";
import type { ClickNotice, TeamChange } from "./job.js";
import { type CarriedProblem, parseProblemText } from "./problem-text.js";

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
  | { kind: "github-failure"; failure: GitHubFailure }
  /** Why a click or command changed nothing: a domain problem, which the Slack layer words. */
  | { kind: "refusal"; problem: CarriedProblem }
  | { kind: "notice"; notice: ClickNotice }
  /** `/copilot cancel` withdrew this request; its approver is told by the job that follows. */
  | { kind: "cancelled"; githubLogin: string; managerId: string }
  /** A confirmed admin action has started: drawn in place of the confirmation, so it is not clicked twice. */
  | {
      kind: "under-way";
      work: { action: "revoke"; githubLogin: string } | { action: "team"; teamSlug: string; change: TeamChange };
    }
  /** The requests waiting on a person, one page, in place of the page before. */
  | { kind: "waiting-page"; page: { requests: SeatRequest[]; cursor?: string }; total: number }
  /** The audit trail, one page, in place of the page before. */
  | { kind: "audit-page"; page: AuditPage; filter: { githubLogin?: string } }
  /** A reclaim question once its holder answered it, in place of the question. */
  | { kind: "reclaim-settled"; holder: ReclaimHolder; snoozeEnds?: string }
  /** An admin's confirmation started a reclaim round: drawn in place of the confirmation. */
  | { kind: "reclaim-started"; roundId: string }
  /** The new approver cannot take the request; it still waits on its approver. */
  | { kind: "forward-refused"; requesterId?: string; githubLogin?: string; problem: CarriedProblem };

/** Whom a click or command is answered to: through its `responseUrl`, or by direct message when there is none. */
export interface ReplyTarget {
  userId: string;
  responseUrl?: string;
}

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
  /**
   * Answers only the person who clicked or typed: through `responseUrl` (in place of the message for a page, a
   * settled question or an admin action under way; otherwise a new private message), or by direct message.
   * Rejects when the answer was not taken.
   */
  tell(target: ReplyTarget, answer: JobAnswer): Promise<void>;
  /** Sends the audit trail as a file to the person's direct messages with the bot. */
  sendAuditExport(userId: string, auditExport: AuditExport): Promise<void>;
}

/**
 * What a person is told about a click or command that changed nothing: a problem (as `problemText` carries it) or a
 * notice. Sent by the `tell-clicker` job, or by the click itself when that job could not be queued.
 */
export function clickAnswer(what: { problem?: string; notice?: ClickNotice }): JobAnswer | undefined {
  const problem = what.problem ? parseProblemText(what.problem) : undefined;
  if (problem) return { kind: "refusal", problem };
  return what.notice ? { kind: "notice", notice: what.notice } : undefined;
}
