import type { SeatAdministration } from "../admin/ports.js";
import { revokeSeat } from "../admin/revoke-seat.js";
import type { SubscriptionSummary } from "../admin/subscription-summary.js";
import { changeTeamSeats } from "../admin/team-seats.js";
import { auditCsv } from "../audit/audit-csv.js";
import type { AuditEntry, AuditLog } from "../audit/audit-log.js";
import { IdentityError } from "../identity/errors.js";
import type { RequesterLoginPolicy } from "../identity/requester-login.js";
import { ReclaimError } from "../reclaim/errors.js";
import { finishRelease, keepSeat, releaseSeatNow } from "../reclaim/holder-answers.js";
import type { ReclaimDependencies } from "../reclaim/ports.js";
import { advanceRound, askBatch, closeBatch, previewForAdmin, runPlan, startRoundNow } from "../reclaim/round.js";
import { type AnnounceDependencies, announceRequest } from "../request/announce-request.js";
import { assignApprovedSeat } from "../request/assign-seat.js";
import { adminsFrom, assertAdmin } from "../request/authorization.js";
import { approveRequest, retryFailedRequest } from "../request/decide-request.js";
import { RequestNotFoundError, SeatBotError } from "../request/errors.js";
import { fileExtension } from "../request/file-request.js";
import type { Clock, CopilotSeats, RequestStore, SlackDirectory } from "../request/ports.js";
import { endSeat, releaseOwnSeat, warnSeatEnd } from "../request/seat-term.js";
import { validateSeatRequest } from "../request/validate-request.js";
import { cancelRequest, cancelWaitingRequest, forwardRequest } from "../request/withdraw-request.js";
import { type Delivery, isFinalAnswer, type RunJob } from "./delivery.js";
import type { Job, JobOf, JobQueue, JobType } from "./job.js";
import { clickAnswer, type JobAnswer, type JobReplies, type ReplyTarget } from "./job-replies.js";
import { AUDIT_PAGE_SIZE, WAITING_PAGE_SIZE } from "./page-sizes.js";
import type { CarriedProblem } from "./problem-text.js";

export interface WorkerDependencies extends AnnounceDependencies {
  store: RequestStore;
  directory: SlackDirectory;
  github: CopilotSeats & SeatAdministration;
  audit: AuditLog;
  clock: Clock;
  organization: string;
  /** How the worker answers people: through a command's `response_url`, or a file in their direct messages. */
  replies: JobReplies;
  getSubscription(): Promise<SubscriptionSummary>;
  /** Lists every seat and stores the summary admin views read; on the last delivery a failure is logged, not thrown. */
  refreshSubscriptionSummary(delivery: Delivery): Promise<unknown>;
  publishHome(userId: string): Promise<void>;
  /** Slack ↔ GitHub identities and `REQUIRE_PROVEN_LOGIN`, for the requester's login check. */
  identity?: RequesterLoginPolicy;
  /** Reclaiming idle seats; absent where the worker was built without it. */
  reclaim?: ReclaimDependencies;
  /** Where the actions handed over by a click queue their follow-up jobs; absent where the worker was built without. */
  queue?: JobQueue;
}

function queueOf(deps: WorkerDependencies): JobQueue {
  if (!deps.queue) throw new Error("This worker was built without a job queue (WorkerDependencies.queue).");
  return deps.queue;
}

/** What the request domain's actions need, in the worker: the person is authorized against the configured admins. */
function actionDeps(deps: WorkerDependencies) {
  return { ...deps, queue: queueOf(deps), admins: adminsFrom(deps.adminIds) };
}

const targetOf = (userId: string, responseUrl: string | undefined): ReplyTarget =>
  responseUrl ? { userId, responseUrl } : { userId };

function reclaimOf(deps: WorkerDependencies): ReclaimDependencies {
  if (!deps.reclaim)
    throw new Error("This worker was built without reclaiming idle seats (WorkerDependencies.reclaim).");
  return deps.reclaim;
}

/** Runs one type of job; what it resolves to is not used. */
type JobRunner<T extends JobType> = (job: JobOf<T>, delivery: Delivery, deps: WorkerDependencies) => Promise<unknown>;

/**
 * What each job does: the domain function it hands to. One entry per type of `JOB_TYPES`; the compiler refuses a
 * type without one.
 */
const JOB_RUNNERS: { [T in JobType]: JobRunner<T> } = {
  "validate-request": (job, delivery, deps) => validateSeatRequest(job.requestId, delivery, deps),
  "assign-seat": (job, delivery, deps) => assignApprovedSeat(job.requestId, delivery, deps),
  "notify-outcome": async (job, _delivery, deps) => {
    const request = await deps.store.get(job.requestId);
    if (!request) throw new RequestNotFoundError(job.requestId);
    await announceRequest(request, deps);
  },
  "lookup-seat": (job, delivery, deps) =>
    answer(job.responseUrl, delivery, deps, async () => ({
      kind: "seat",
      githubLogin: job.githubLogin,
      seat: await deps.github.getSeat(job.githubLogin),
    })),
  "revoke-seat": async (job, delivery, deps) => {
    await underWay(job.actorId, job.responseUrl, { action: "revoke", githubLogin: job.githubLogin }, deps);
    await answer(job.responseUrl, delivery, deps, async () => ({
      kind: "revoke-outcome",
      githubLogin: job.githubLogin,
      actorId: job.actorId,
      outcome: await revokeSeat(job.githubLogin, job.actorId, deps),
    }));
  },
  "confirm-team-change": (job, delivery, deps) =>
    answer(job.responseUrl, delivery, deps, async () => ({
      kind: "team-change-confirmation",
      teamSlug: job.teamSlug,
      change: job.change,
      team: await deps.github.getTeam(job.teamSlug),
    })),
  "change-team-seats": async (job, delivery, deps) => {
    const work = { action: "team" as const, teamSlug: job.teamSlug, change: job.change };
    await underWay(job.actorId, job.responseUrl, work, deps);
    await answer(job.responseUrl, delivery, deps, async () => ({
      kind: "team-change-outcome",
      teamSlug: job.teamSlug,
      change: job.change,
      outcome: await changeTeamSeats(job.teamSlug, job.change, job.actorId, deps),
    }));
  },
  "show-subscription": (job, delivery, deps) =>
    answer(job.responseUrl, delivery, deps, async () => ({
      kind: "subscription",
      summary: await deps.getSubscription(),
    })),
  "export-audit": (job, _delivery, deps) => exportAudit(job.actorId, deps),
  "publish-home": (job, _delivery, deps) => deps.publishHome(job.userId),
  "warn-seat-end": (job, _delivery, deps) => warnSeatEnd(job.requestId, deps),
  "end-seat": (job, delivery, deps) => endSeat(job.requestId, delivery, deps),
  "release-seat": async (job, delivery, deps) => {
    // GitHub's failure, once retrying cannot help, is told the same way the outcome would have been.
    const told = await outcomeOf(delivery, async () => ({
      kind: "seat-notice" as const,
      notice: {
        kind: "released" as const,
        githubLogin: job.githubLogin,
        outcome: await releaseOwnSeat(job.githubLogin, job.userId, deps),
      },
    }));
    if (job.responseUrl) await answer(job.responseUrl, delivery, deps, async () => told);
    else if (told.kind === "seat-notice") await deps.notifier.tellAboutSeat(job.userId, told.notice);
    else await deps.replies.tell({ userId: job.userId }, told);
    // The Home tab is a convenience; the seat is already given back and the person told.
    await deps.publishHome(job.userId).catch(() => {});
  },
  "reclaim-plan": (job, _delivery, deps) => runPlan(job.roundId, reclaimOf(deps)),
  "reclaim-ask": (job, _delivery, deps) => askBatch(job.roundId, Number(job.batch), reclaimOf(deps)),
  "reclaim-close": (job, _delivery, deps) => closeBatch(job.roundId, Number(job.batch), reclaimOf(deps)),
  "reclaim-release": (job, _delivery, deps) =>
    finishRelease({ roundId: job.roundId, batch: Number(job.batch), login: job.githubLogin }, reclaimOf(deps)),
  "reclaim-progress": (job, _delivery, deps) => advanceRound(job.roundId, reclaimOf(deps)),
  "reclaim-preview": (job, delivery, deps) => previewForAdmin(job.responseUrl, delivery, reclaimOf(deps)),
  "refresh-subscription-summary": (_job, delivery, deps) => deps.refreshSubscriptionSummary(delivery),
  "start-reclaim": (job, delivery, deps) =>
    tell({ userId: job.actorId, responseUrl: job.responseUrl }, delivery, deps, async () => {
      assertAdmin(job.actorId, adminsFrom(deps.adminIds), { subcommand: "reclaim" });
      const round = await startRoundNow(job.actorId, reclaimOf(deps));
      return { kind: "reclaim-started", roundId: round.id };
    }),
  "cancel-request": (job, delivery, deps) =>
    tell(targetOf(job.actorId, job.responseUrl), delivery, deps, async () => {
      if (job.requestId) {
        // The Cancel button's own write was refused: this one explains why (or, after a race, cancels after all), and
        // the job it queues tells the requester.
        await cancelRequest(job.requestId, job.actorId, actionDeps(deps));
        return undefined;
      }
      const cancelled = await cancelWaitingRequest(job.actorId, job.githubLogin, actionDeps(deps));
      return { kind: "cancelled", githubLogin: cancelled.githubLogin, managerId: cancelled.managerId };
    }),
  "approve-request": (job, delivery, deps) =>
    tell(targetOf(job.actorId, job.responseUrl), delivery, deps, async () => {
      await approveRequest(job.requestId, job.actorId, actionDeps(deps), job.clickId);
      return undefined;
    }),
  // No answer of their own: the jobs they queue report the outcome.
  "retry-request": (job, delivery, deps) =>
    tell(targetOf(job.actorId, job.responseUrl), delivery, deps, async () => {
      await retryFailedRequest(job.requestId, job.actorId, actionDeps(deps));
      return undefined;
    }),
  "extend-seat": (job, delivery, deps) =>
    tell(targetOf(job.actorId, job.responseUrl), delivery, deps, async () => {
      await fileExtension(job.requestId, job.actorId, job.extensionId, actionDeps(deps));
      return undefined;
    }),
  "forward-request": async (job, _delivery, deps) => {
    try {
      await forwardRequest(job.requestId, job.actorId, job.approverId, actionDeps(deps));
    } catch (error) {
      const problem = problemOf(error);
      if (!problem) throw error;
      const request = await deps.store.get(job.requestId).catch(() => undefined);
      await tellQuietly({ userId: job.actorId }, deps, {
        kind: "forward-refused",
        ...(request ? { requesterId: request.requesterId, githubLogin: request.githubLogin } : {}),
        problem,
      });
    }
  },
  "answer-reclaim": (job, delivery, deps) =>
    tell(targetOf(job.userId, job.responseUrl), delivery, deps, async () => {
      const reclaim = reclaimOf(deps);
      const question = { roundId: job.roundId, batch: Number(job.batch), login: job.githubLogin };
      // A second click (or delivery) finds the question settled and is told so; the answer is recorded once.
      if (job.choice === "keep") {
        const holder = await keepSeat(question, job.userId, reclaim);
        const snoozeEnds = new Date(reclaim.clock.now().getTime() + reclaim.policy.snoozeMs).toISOString();
        return { kind: "reclaim-settled", holder, snoozeEnds };
      }
      return { kind: "reclaim-settled", holder: await releaseSeatNow(question, job.userId, reclaim) };
    }),
  "waiting-page": (job, delivery, deps) =>
    tell(targetOf(job.userId, job.responseUrl), delivery, deps, async () => {
      const [page, total] = await Promise.all([
        deps.store.pageWaitingOn(job.userId, WAITING_PAGE_SIZE, job.cursor),
        deps.store.countWaitingOn(job.userId),
      ]);
      return { kind: "waiting-page", page, total };
    }),
  "audit-page": (job, delivery, deps) =>
    tell(targetOf(job.actorId, job.responseUrl), delivery, deps, async () => {
      assertAdmin(job.actorId, adminsFrom(deps.adminIds), "read-audit");
      const filter = job.githubLogin ? { githubLogin: job.githubLogin } : {};
      return { kind: "audit-page", page: await deps.audit.page(filter, job.cursor, AUDIT_PAGE_SIZE), filter };
    }),
  "tell-clicker": async (job, _delivery, deps) => {
    const answer = clickAnswer(job);
    if (answer) await tellQuietly(targetOf(job.userId, job.responseUrl), deps, answer);
  },
};

/** The worker's one entry: every job the acknowledgement path or the sweep queued ends up here. */
export function createJobRunner(deps: WorkerDependencies): RunJob {
  return async (job, delivery) => {
    // Each runner takes its own type's job; the table's type guarantees that `job.type` picks the matching one.
    const run = JOB_RUNNERS[job.type] as (job: Job, delivery: Delivery, deps: WorkerDependencies) => Promise<unknown>;
    await run(job, delivery, deps);
  };
}

/** What the work ends in, or GitHub's failure when retrying cannot help or this is the job's last delivery. */
async function outcomeOf(delivery: Delivery, work: () => Promise<JobAnswer>): Promise<JobAnswer> {
  try {
    return await work();
  } catch (error) {
    if (!isFinalAnswer(error, delivery)) throw error;
    return { kind: "github-failure", failure: error };
  }
}

/**
 * Answers a command through its `response_url`. A GitHub failure becomes the answer when it is permanent, or when
 * the queue will not try again; otherwise it is rethrown so the job is delivered again.
 */
async function answer(
  responseUrl: string,
  delivery: Delivery,
  deps: Pick<WorkerDependencies, "replies" | "log">,
  work: () => Promise<JobAnswer>,
): Promise<void> {
  const outcome = await outcomeOf(delivery, work);
  try {
    await deps.replies.answer(responseUrl, outcome);
  } catch (error) {
    // The work is done and recorded; running the job again for a lost answer would repeat it. (A response_url
    // expires after 30 minutes or 5 uses, so retrying rarely helps anyway.)
    deps.log.warn("Could not answer through response_url", { error: (error as Error).message });
  }
}

/** The problem a person can act on, from an error of the domain's; anything else is for the caller to rethrow. */
function problemOf(error: unknown): CarriedProblem | undefined {
  if (error instanceof SeatBotError || error instanceof ReclaimError || error instanceof IdentityError) {
    return error.problem as CarriedProblem;
  }
  return undefined;
}

/**
 * Runs an action handed over by a click or command and answers only that person: its answer, or why it changed
 * nothing. An unexpected error is rethrown, so the job is delivered again (each action is safe to run twice); on the
 * last delivery the person is told that nothing was done before the job goes to the dead-letter queue, so a click is
 * never left unanswered.
 */
async function tell(
  target: ReplyTarget,
  delivery: Delivery,
  deps: Pick<WorkerDependencies, "replies" | "log">,
  work: () => Promise<JobAnswer | undefined>,
): Promise<void> {
  let outcome: JobAnswer | undefined;
  try {
    outcome = await work();
  } catch (error) {
    const problem = problemOf(error);
    if (problem) outcome = { kind: "refusal", problem };
    else if (isFinalAnswer(error, delivery)) outcome = { kind: "github-failure", failure: error };
    else {
      if (delivery.finalAttempt) {
        await tellQuietly(target, deps, { kind: "refusal", problem: { code: "UNEXPECTED", params: {} } });
      }
      throw error;
    }
  }
  if (outcome) await tellQuietly(target, deps, outcome);
}

/** The change is made and recorded: an answer Slack did not take is logged, not retried by running the job again. */
async function tellQuietly(
  target: ReplyTarget,
  deps: Pick<WorkerDependencies, "replies" | "log">,
  outcome: JobAnswer,
): Promise<void> {
  try {
    await deps.replies.tell(target, outcome);
  } catch (error) {
    deps.log.warn("Could not answer a click or command", { kind: outcome.kind, error: (error as Error).message });
  }
}

/** Draws "under way" in place of a confirmation before the slow part, so it is not clicked twice meanwhile. */
async function underWay(
  actorId: string,
  responseUrl: string,
  work: (JobAnswer & { kind: "under-way" })["work"],
  deps: Pick<WorkerDependencies, "replies" | "log">,
): Promise<void> {
  await tellQuietly({ userId: actorId, responseUrl }, deps, { kind: "under-way", work });
}

const EXPORT_PAGE_SIZE = 500;

/** The whole audit trail, newest first, as a CSV file in the admin's direct messages. */
async function exportAudit(actorId: string, deps: WorkerDependencies): Promise<void> {
  const entries: AuditEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.audit.page({}, cursor, EXPORT_PAGE_SIZE);
    entries.push(...page.entries);
    cursor = page.cursor;
  } while (cursor);
  await deps.replies.sendAuditExport(actorId, {
    csv: auditCsv(entries),
    entryCount: entries.length,
    day: deps.clock.now().toISOString().slice(0, 10),
  });
}
