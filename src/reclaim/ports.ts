import type { Job } from "../jobs/job.js";
import type { Clock, Counters, Log, SeatCancellation } from "../request/ports.js";
import type { CopilotSeat } from "../seat/copilot-seat.js";
import type { IdleTeam, ReclaimPlan, VerdictCounts } from "./plan.js";
import type { ReclaimMode, ReclaimPolicy } from "./policy.js";

/**
 * A round: PLANNING (seats listed, the plan written) → ASKING (holders asked batch by batch, deadlines kept) → DONE;
 * in `report` mode PLANNING → DONE. Any state but DONE → STOPPED when `RECLAIM_MODE` is `off` (the kill switch).
 */
export type RoundState = "PLANNING" | "ASKING" | "DONE" | "STOPPED";

export interface MessageRef {
  channel: string;
  ts: string;
}

export interface ReclaimRound {
  id: string;
  state: RoundState;
  /** The mode the round was planned in; each step follows the mode configured when it runs, but a seat is cancelled only when both are `enforce`. */
  mode: ReclaimMode;
  startedAt: string;
  /** `system` for the weekly round, or the admin who started it. */
  startedBy: string;
  updatedAt: string;
  /** Set when the plan is written. */
  planned?: {
    seatsListed: number;
    counts: VerdictCounts;
    idle: number;
    idleMonthlyCost: number;
    teams: IdleTeam[];
    teamMonthlyCost: number;
    /** Idle holders the bot knows no Slack person for. */
    unknown: number;
  };
  /** How many batches the holders were dealt into; fixed on the first planning attempt, so a resumed one agrees. */
  batchCount?: number;
  /** The admins' progress messages, one per admin. */
  progressMessages?: (MessageRef & { adminId: string })[];
  /** Set when the round ended (DONE or STOPPED). */
  endedAt?: string;
  /** The final summary went to the admins. */
  summarySent?: boolean;
}

/**
 * One idle holder in one round:
 * - PLANNED → ASKED (the question went out) → KEPT | RELEASING → RELEASED | CANCELLING → CANCELLED | SPARED | UNANSWERED
 * - UNKNOWN: no known Slack person; listed for the admins, never cancelled by the round.
 * Every change is one conditional write that also appends to the holder's history, which becomes its audit items.
 */
export type HolderState =
  | "PLANNED"
  | "UNKNOWN"
  | "ASKED"
  | "KEPT"
  | "RELEASING"
  | "RELEASED"
  | "CANCELLING"
  | "CANCELLED"
  | "SPARED"
  | "UNANSWERED";

export interface HolderHistoryEntry {
  at: string;
  actorId: string;
  action: string;
  from: HolderState;
  to: HolderState;
  detail?: string;
}

export interface ReclaimHolder {
  roundId: string;
  batch: number;
  login: string;
  state: HolderState;
  slackUserId?: string;
  lastSeenAt?: string;
  monthlyCost: number;
  askedAt?: string;
  deadline?: string;
  message?: MessageRef;
  pendingCancellationDate?: string;
  /** Why a seat was left alone at the deadline. */
  sparedBecause?: string;
  updatedAt: string;
  history: HolderHistoryEntry[];
}

/** WAITING → QUEUED (its ask job sent) → ASKED (every holder in it asked) → CLOSING (deadline passed) → CLOSED. */
export type BatchState = "WAITING" | "QUEUED" | "ASKED" | "CLOSING" | "CLOSED";

export interface ReclaimBatch {
  roundId: string;
  batch: number;
  state: BatchState;
  updatedAt: string;
  deadline?: string;
}

/** A conditional write lost: someone else moved the thing first. */
export class ReclaimStaleError extends Error {
  constructor(what: string) {
    super(`${what} changed meanwhile; nothing was written.`);
    this.name = "ReclaimStaleError";
  }
}

export interface ReclaimStore {
  /** The running round, if any, and the ids of the recent ones (newest first). */
  current(): Promise<{ activeRoundId?: string; recent: string[] }>;
  /** Creates the round and makes it the running one; false when another round is running or this one exists. */
  beginRound(round: ReclaimRound): Promise<boolean>;
  getRound(id: string): Promise<ReclaimRound | undefined>;
  /** Moves the round from `round.state`, with its `updatedAt` as the condition; throws `ReclaimStaleError`. */
  updateRound(round: ReclaimRound, changes: Partial<ReclaimRound>): Promise<ReclaimRound>;
  /** The round is no longer the running one. */
  endRound(id: string): Promise<void>;
  /** Writes holders that do not exist yet; an existing holder (a resumed plan) is left as it is. */
  addHolders(holders: readonly ReclaimHolder[]): Promise<void>;
  getHolder(roundId: string, batch: number, login: string): Promise<ReclaimHolder | undefined>;
  /** A batch's holders, or every holder of the round when `batch` is undefined; paged. */
  listHolders(
    roundId: string,
    batch: number | undefined,
    cursor?: string,
  ): Promise<{ holders: ReclaimHolder[]; cursor?: string }>;
  /**
   * One conditional transition from `holder.state` (and, for a holder-made change, only by `onlyBy`), appending the
   * history entry and writing its audit item. Throws `ReclaimStaleError` when the holder is no longer there.
   */
  transitionHolder(
    holder: ReclaimHolder,
    to: HolderState,
    entry: { actorId: string; action: string; detail?: string },
    changes?: Partial<ReclaimHolder>,
    onlyBy?: string,
  ): Promise<ReclaimHolder>;
  /** Leases a step on a holder still in `state`: false while another delivery holds it. */
  claimHolder(holder: ReclaimHolder, step: string, leaseSeconds: number): Promise<boolean>;
  releaseHolder(holder: ReclaimHolder, step: string): Promise<void>;
  /** Writes any of the holder's history entries whose audit item is missing. */
  repairAudit(holder: ReclaimHolder): Promise<void>;
  addBatches(roundId: string, count: number): Promise<void>;
  listBatches(roundId: string): Promise<ReclaimBatch[]>;
  /** One conditional batch transition; false when it was no longer in `from`. */
  moveBatch(batch: ReclaimBatch, to: BatchState, changes?: Partial<ReclaimBatch>): Promise<boolean>;
  /** Lower-case login → until when Keep my seat holds. */
  keptUntil(logins: readonly string[]): Promise<Map<string, string>>;
  keep(login: string, until: string): Promise<void>;
}

/** GitHub as the round sees it. */
export interface ReclaimGitHub {
  listAllSeats(): Promise<CopilotSeat[]>;
  getSeat(login: string): Promise<CopilotSeat | undefined>;
  /** Every member login of a team (lower case); empty when there is no such team. */
  teamMembers(slug: string): Promise<string[]>;
  /** The subscription's plan, for seats GitHub reports with an unknown plan. */
  subscriptionPlan(): Promise<string | undefined>;
}

/** Tells people about the round; the adapter words it for its surface. */
export interface ReclaimNotifier {
  /** The question to an idle seat's holder, with Keep my seat and Release it now. */
  askHolder(holder: ReclaimHolder, round: ReclaimRound, graceEnds: string): Promise<MessageRef>;
  /** The holder's question answered or settled: redraws it without buttons, saying what happened. */
  settleQuestion(holder: ReclaimHolder): Promise<void>;
  /** Tells the holder their seat was cancelled (enforce) or released, with the pending-cancellation date. */
  tellHolderEnded(holder: ReclaimHolder): Promise<void>;
  /** The report-mode list, or the start of an asking round (with the holders nobody is known for). */
  tellAdminsPlan(adminId: string, round: ReclaimRound, plan: ReclaimPlan, unknown: readonly string[]): Promise<void>;
  postProgress(adminId: string, round: ReclaimRound, progress: RoundProgress): Promise<MessageRef>;
  updateProgress(ref: MessageRef, round: ReclaimRound, progress: RoundProgress): Promise<void>;
  /** Answers `/copilot reclaim preview` privately: the plan, or why it could not be made. */
  answerPreview(
    responseUrl: string,
    preview: { plan: ReclaimPlan; unknown: readonly string[]; mode: ReclaimMode } | { failure: unknown },
  ): Promise<void>;
  /** The round ended: what was cancelled (with dates), kept and released. */
  tellAdminsSummary(adminId: string, round: ReclaimRound, progress: RoundProgress): Promise<void>;
}

/** Counts of the round's holders by what happened to them, and what the cancelled and released seats cost. */
export interface RoundProgress {
  byState: Record<HolderState, number>;
  monthlySaved: number;
  cancelled: { login: string; pendingCancellationDate?: string }[];
}

export interface ReclaimQueue {
  /** `delaySeconds` (at most 900, SQS's limit) spreads questions out so Slack's rate limits are never reached. */
  enqueue(job: Job, options?: { delaySeconds?: number }): Promise<void>;
}

export interface ReclaimDependencies {
  store: ReclaimStore;
  github: ReclaimGitHub;
  notifier: ReclaimNotifier;
  queue: ReclaimQueue;
  clock: Clock;
  log: Log;
  counters: Counters;
  policy: ReclaimPolicy;
  adminIds: readonly string[];
  /** What is left of the invocation's time for work that can stop and continue in another; unbounded when absent. */
  remainingMs?: () => number;
  /** The Slack person who proved a GitHub login, if any. */
  slackUserOf(login: string): Promise<string | undefined>;
  /** Lower-case logins whose seat came through a time-bound request still running. */
  timeBoundLogins(): Promise<Set<string>>;
  /**
   * Cancels a seat through the same path as a seat term's end: pending cancellation at GitHub, recorded in the audit
   * trail, a time-bound request for the login ended. `actorId` is the holder (Release) or `system` (enforce).
   */
  cancelSeat(login: string, actorId: string, reason: "released" | "reclaimed"): Promise<SeatCancellation>;
}
