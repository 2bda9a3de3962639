import type { SeatAdministration } from "../admin/ports.js";
import { revokeSeat } from "../admin/revoke-seat.js";
import type { SubscriptionSummary } from "../admin/subscription-summary.js";
import { changeTeamSeats } from "../admin/team-seats.js";
import { auditCsv } from "../audit/audit-csv.js";
import type { AuditEntry, AuditLog } from "../audit/audit-log.js";
import type { RequesterLoginPolicy } from "../identity/requester-login.js";
import type { ReclaimDependencies } from "../reclaim/ports.js";
import { advanceRound, askBatch, closeBatch, finishRelease, previewForAdmin, runPlan } from "../reclaim/round.js";
import { type AnnounceDependencies, announceRequest } from "../request/announce-request.js";
import { assignApprovedSeat } from "../request/assign-seat.js";
import { RequestNotFoundError } from "../request/errors.js";
import type { Clock, CopilotSeats, RequestStore, SlackDirectory } from "../request/ports.js";
import { endSeat, releaseOwnSeat, warnSeatEnd } from "../request/seat-term.js";
import { validateSeatRequest } from "../request/validate-request.js";
import { type Delivery, isFinalAnswer, type RunJob } from "./delivery.js";
import type { Job, JobOf, JobType } from "./job.js";
import type { JobAnswer, JobReplies } from "./job-replies.js";

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
}

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
  "revoke-seat": (job, delivery, deps) =>
    answer(job.responseUrl, delivery, deps, async () => ({
      kind: "revoke-outcome",
      githubLogin: job.githubLogin,
      actorId: job.actorId,
      outcome: await revokeSeat(job.githubLogin, job.actorId, deps),
    })),
  "confirm-team-change": (job, delivery, deps) =>
    answer(job.responseUrl, delivery, deps, async () => ({
      kind: "team-change-confirmation",
      teamSlug: job.teamSlug,
      change: job.change,
      team: await deps.github.getTeam(job.teamSlug),
    })),
  "change-team-seats": (job, delivery, deps) =>
    answer(job.responseUrl, delivery, deps, async () => ({
      kind: "team-change-outcome",
      teamSlug: job.teamSlug,
      change: job.change,
      outcome: await changeTeamSeats(job.teamSlug, job.change, job.actorId, deps),
    })),
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
    const outcome = await releaseOwnSeat(job.githubLogin, job.userId, deps);
    const notice = { kind: "released" as const, githubLogin: job.githubLogin, outcome };
    if (job.responseUrl) {
      await answer(job.responseUrl, delivery, deps, async () => ({ kind: "seat-notice", notice }));
    } else {
      await deps.notifier.tellAboutSeat(job.userId, notice);
    }
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
};

/** The worker's one entry: every job the acknowledgement path or the sweep queued ends up here. */
export function createJobRunner(deps: WorkerDependencies): RunJob {
  return async (job, delivery) => {
    // Each runner takes its own type's job; the table's type guarantees that `job.type` picks the matching one.
    const run = JOB_RUNNERS[job.type] as (job: Job, delivery: Delivery, deps: WorkerDependencies) => Promise<unknown>;
    await run(job, delivery, deps);
  };
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
  let outcome: JobAnswer;
  try {
    outcome = await work();
  } catch (error) {
    if (!isFinalAnswer(error, delivery)) throw error;
    outcome = { kind: "github-failure", failure: error };
  }
  try {
    await deps.replies.answer(responseUrl, outcome);
  } catch (error) {
    // The work is done and recorded; running the job again for a lost answer would repeat it. (A response_url
    // expires after 30 minutes or 5 uses, so retrying rarely helps anyway.)
    deps.log.warn("Could not answer through response_url", { error: (error as Error).message });
  }
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
