import { isGitHubLogin, isPageCursor, isRequestId, isSlackUserId, isTeamSlug } from "../identifiers.js";
import { isRoundId } from "../reclaim/round-id.js";
import { isProblemText } from "./problem-text.js";

export type TeamChange = "add" | "remove";

/** Longest value any job field may hold (a page cursor's); the rules below keep most fields far shorter. */
export const MAX_JOB_FIELD_LENGTH = 1500;

/** What a click is told that is neither a refusal nor a result: the words are the Slack layer's. */
export const CLICK_NOTICES = ["confirmation-cancelled", "already-started"] as const;
export type ClickNotice = (typeof CLICK_NOTICES)[number];

/**
 * The rule of each field a job can carry, the same wherever it appears, taken from the shared identifier rules.
 * Every value is also a non-empty string of at most `MAX_JOB_FIELD_LENGTH` characters.
 */
export const JOB_FIELD_RULES = {
  requestId: isRequestId,
  githubLogin: isGitHubLogin,
  actorId: isSlackUserId,
  userId: isSlackUserId,
  teamSlug: isTeamSlug,
  change: (value: string) => value === "add" || value === "remove",
  responseUrl: (value: string) => /^https?:\/\//.test(value),
  roundId: isRoundId,
  /** A reclaim round's batch number, as text like every field. */
  batch: (value: string) => /^\d{1,5}$/.test(value),
  /** The approver a request is forwarded to. */
  approverId: isSlackUserId,
  /** The ID an extension is filed under, chosen when the click is acknowledged so a second delivery files none. */
  extensionId: isRequestId,
  /** A page position from a More button. */
  cursor: isPageCursor,
  /** Why a click changed nothing: a problem code and its facts, as JSON (`src/jobs/problem-text.ts`), never words. */
  problem: isProblemText,
  notice: (value: string) => (CLICK_NOTICES as readonly string[]).includes(value),
  /** The answer to a reclaim question. */
  choice: (value: string) => value === "keep" || value === "release",
  /** The ID an Approve click's decision is recorded under, chosen when the click is acknowledged. */
  clickId: isRequestId,
} satisfies Record<string, (value: string) => boolean>;

export type JobField = keyof typeof JOB_FIELD_RULES;

/** Whether a job type must carry a field (`"required"`) or may leave it out (`"optional"`). */
type FieldPresence = "required" | "optional";

/**
 * Every job the acknowledgement path (or the sweep) hands to the worker, because it calls GitHub or may be slow, with
 * the fields it carries. This table is the one definition of a job: the `Job` type, the codec and the worker's
 * dispatch table (`src/jobs/run-job.ts`, which the compiler holds to every type here) all follow from it.
 *
 * Jobs are delivered at least once, so each one checks the state it acts on and may safely run twice.
 */
export const JOB_TYPES = {
  "validate-request": { requestId: "required" },
  "assign-seat": { requestId: "required" },
  "notify-outcome": { requestId: "required" },
  "lookup-seat": { githubLogin: "required", responseUrl: "required" },
  "revoke-seat": { githubLogin: "required", actorId: "required", responseUrl: "required" },
  "confirm-team-change": { teamSlug: "required", change: "required", actorId: "required", responseUrl: "required" },
  "change-team-seats": { teamSlug: "required", change: "required", actorId: "required", responseUrl: "required" },
  "show-subscription": { actorId: "required", responseUrl: "required" },
  "export-audit": { actorId: "required" },
  "publish-home": { userId: "required" },
  "warn-seat-end": { requestId: "required" },
  "end-seat": { requestId: "required" },
  /** A holder gives their own seat back; answered through `responseUrl` when given, else by direct message. */
  "release-seat": { userId: "required", githubLogin: "required", responseUrl: "optional" },
  /** Reclaiming idle seats (`src/reclaim/round.ts`): a round's plan, its questions and deadlines, one batch a job. */
  "reclaim-plan": { roundId: "required" },
  "reclaim-ask": { roundId: "required", batch: "required" },
  "reclaim-close": { roundId: "required", batch: "required" },
  "reclaim-release": { roundId: "required", batch: "required", githubLogin: "required", userId: "required" },
  "reclaim-progress": { roundId: "required" },
  "reclaim-preview": { actorId: "required", responseUrl: "required" },
  /** An admin confirmed `/copilot reclaim start`: the round is begun and the confirmation replaced by the worker. */
  "start-reclaim": { actorId: "required", responseUrl: "required" },
  /**
   * Work a click or command hands over whole, so Slack's acknowledgement waits on one queueing: the worker authorizes
   * `actorId` (from Slack's verified payload), makes the conditional change and answers the person through
   * `responseUrl`, or by direct message when there is none (Home tab buttons). `/copilot cancel` names no request (the
   * worker finds the caller's waiting one, for `githubLogin` if given); the Cancel button queues its job only when its
   * own conditional write was refused, for the worker to explain (or, after a race, to make again). Approve always
   * queues its job, with `clickId`, which the decision is recorded under so that a second delivery knows its own.
   */
  "cancel-request": { actorId: "required", requestId: "optional", githubLogin: "optional", responseUrl: "optional" },
  "approve-request": { requestId: "required", actorId: "required", clickId: "optional", responseUrl: "optional" },
  "retry-request": { requestId: "required", actorId: "required", responseUrl: "optional" },
  "extend-seat": { requestId: "required", actorId: "required", extensionId: "required", responseUrl: "optional" },
  /** The forwarder is told by direct message if the new approver cannot decide it; the request stays where it was. */
  "forward-request": { requestId: "required", actorId: "required", approverId: "required" },
  "answer-reclaim": {
    roundId: "required",
    batch: "required",
    githubLogin: "required",
    userId: "required",
    choice: "required",
    responseUrl: "optional",
  },
  /** The next page of a list, drawn in place of the message the More button was on. */
  "waiting-page": { userId: "required", cursor: "required", responseUrl: "required" },
  "audit-page": { actorId: "required", cursor: "required", githubLogin: "optional", responseUrl: "required" },
  /** Tells only the person who clicked: a refusal (`problem`) or a notice, in place or by direct message. */
  "tell-clicker": { userId: "required", responseUrl: "optional", problem: "optional", notice: "optional" },
  /** Lists every seat and stores the subscription summary admin views read (`src/admin/stored-subscription-summary.ts`). */
  "refresh-subscription-summary": {},
} as const satisfies Record<string, Partial<Record<JobField, FieldPresence>>>;

export type JobType = keyof typeof JOB_TYPES;

type FieldValue<F> = F extends "change"
  ? TeamChange
  : F extends "notice"
    ? ClickNotice
    : F extends "choice"
      ? "keep" | "release"
      : string;
type Shape<T extends JobType> = (typeof JOB_TYPES)[T];
type FieldsOf<S> = {
  [F in keyof S as S[F] extends "required" ? F : never]: FieldValue<F>;
} & {
  [F in keyof S as S[F] extends "optional" ? F : never]?: FieldValue<F>;
};
type Flatten<T> = { [K in keyof T]: T[K] };

/** One job of the given type, as `JOB_TYPES` describes it. */
export type JobOf<T extends JobType> = Flatten<{ type: T } & FieldsOf<Shape<T>>>;

export type Job = { [T in JobType]: JobOf<T> }[JobType];

export interface JobQueue {
  /**
   * `delaySeconds` (0–900, SQS's limit) holds the job back, to spread work out over time. Rejects with
   * `QueueUnavailableError` when the queue did not take the job.
   */
  enqueue(job: Job, options?: { delaySeconds?: number }): Promise<void>;
}

/** The queue did not take a job: refused, throttled past the retries, or no answer in time. */
export class QueueUnavailableError extends Error {
  constructor(options: { cause: unknown }) {
    super("The job queue did not take the job.", options);
    this.name = "QueueUnavailableError";
  }
}

/** Whether `error`, or an error it was caused by, is the queue not taking a job. */
export function isQueueUnavailable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    if (cause instanceof QueueUnavailableError) return true;
  }
  return false;
}
