import { ReclaimError } from "./errors.js";
import { asksHolders, HOLDER_LEASE_SECONDS } from "./policy.js";
import { type ReclaimDependencies, type ReclaimHolder, ReclaimStaleError } from "./ports.js";

/**
 * A holder's answers to a reclaim question: Keep my seat, Release it now, and the job that finishes a release. Only
 * the holder may answer, only while the question is open; the round itself (`round.ts`) asks and settles the rest.
 */

type Question = { roundId: string; batch: number; login: string };

/** The holder's question, while only they may answer it and it is still open. */
async function openQuestion(question: Question, userId: string, deps: Pick<ReclaimDependencies, "store">) {
  const holder = await deps.store.getHolder(question.roundId, question.batch, question.login);
  if (!holder) throw new ReclaimError({ code: "QUESTION_GONE", params: {} });
  if (holder.slackUserId !== userId) {
    throw new ReclaimError({
      code: "NOT_YOUR_QUESTION",
      params: { githubLogin: holder.login, ...(holder.slackUserId ? { holderId: holder.slackUserId } : {}) },
    });
  }
  if (holder.state !== "ASKED") throw alreadySettled(holder);
  return holder;
}

/** The question was settled before this answer: says how, from the holder as it is now. */
function alreadySettled(holder: ReclaimHolder): ReclaimError {
  return new ReclaimError({
    code: "ALREADY_SETTLED",
    params: {
      githubLogin: holder.login,
      state: holder.state,
      ...(holder.pendingCancellationDate ? { pendingCancellationDate: holder.pendingCancellationDate } : {}),
    },
  });
}

/** The holder's answer, one conditional write; if the round settled the question meanwhile, that stands. */
async function recordAnswer(
  holder: ReclaimHolder,
  userId: string,
  to: "KEPT" | "RELEASING",
  entry: { action: string; detail?: string },
  deps: Pick<ReclaimDependencies, "store">,
): Promise<ReclaimHolder> {
  try {
    return await deps.store.transitionHolder(holder, to, { actorId: userId, ...entry }, {}, userId);
  } catch (error) {
    if (error instanceof ReclaimStaleError) {
      // Settled meanwhile: by the round's deadline, or by another answer of the holder's (a double click, Keep then
      // Release) that another delivery recorded first. The holder is told which.
      const latest = await deps.store.getHolder(holder.roundId, holder.batch, holder.login);
      if (!latest) throw new ReclaimError({ code: "QUESTION_GONE", params: {} });
      throw alreadySettled(latest);
    }
    throw error;
  }
}

/**
 * Keep my seat: only the holder, only while the question is open; the snooze, so the next rounds leave the seat alone
 * for `RECLAIM_SNOOZE`, then one conditional write.
 */
export async function keepSeat(
  question: Question,
  userId: string,
  deps: Pick<ReclaimDependencies, "store" | "clock" | "policy">,
): Promise<ReclaimHolder> {
  const holder = await openQuestion(question, userId, deps);
  const until = new Date(deps.clock.now().getTime() + deps.policy.snoozeMs).toISOString();
  // The snooze first (it only ever grows): if it cannot be saved the question stays open and the holder clicks again.
  await deps.store.keep(holder.login, until);
  return recordAnswer(holder, userId, "KEPT", { action: "reclaim-kept", detail: `until ${until}` }, deps);
}

/**
 * Release it now: only the holder; the seat is cancelled by a job, through the same path as a seat term's end. Not
 * when the round was called off, or is about to be (`RECLAIM_MODE` no longer asks holders): a question's button clicked
 * after that releases nothing, and the holder can still give the seat up with `/copilot release`. A release recorded
 * before it still finishes, since the holder asked for it.
 */
export async function releaseSeatNow(
  question: Question,
  userId: string,
  deps: Pick<ReclaimDependencies, "store" | "queue" | "log" | "policy">,
): Promise<ReclaimHolder> {
  const holder = await openQuestion(question, userId, deps);
  const round = await deps.store.getRound(question.roundId);
  if (!asksHolders(deps.policy.mode) || round?.state === "STOPPED") {
    throw new ReclaimError({ code: "RELEASE_CALLED_OFF", params: { githubLogin: holder.login } });
  }
  const releasing = await recordAnswer(holder, userId, "RELEASING", { action: "reclaim-release-requested" }, deps);
  try {
    await deps.queue.enqueue({
      type: "reclaim-release",
      roundId: question.roundId,
      batch: String(question.batch),
      githubLogin: holder.login,
      userId,
    });
  } catch (error) {
    // The answer is recorded; the round's next progress step queues the release again (`tally`'s stuck releases),
    // so the holder is told the truth: it is under way.
    deps.log.warn("Could not queue a reclaim release; the sweep queues it again", { login: holder.login, error });
  }
  return releasing;
}

/** The release job: cancels the seat once (under a lease), records the date and tells the holder. */
export async function finishRelease(question: Question, deps: ReclaimDependencies): Promise<void> {
  const holder = await deps.store.getHolder(question.roundId, question.batch, question.login);
  if (holder?.state !== "RELEASING" || !holder.slackUserId) return;
  if (!(await deps.store.claimHolder(holder, "release", HOLDER_LEASE_SECONDS))) {
    throw new Error(`Another delivery is releasing ${holder.login}'s seat; this one comes back later.`);
  }
  let outcome: Awaited<ReturnType<ReclaimDependencies["cancelSeat"]>>;
  try {
    outcome = await deps.cancelSeat(holder.login, holder.slackUserId, "released");
  } catch (error) {
    await deps.store.releaseHolder(holder, "release").catch(() => {});
    throw error;
  }
  const date = "pendingCancellationDate" in outcome ? outcome.pendingCancellationDate : undefined;
  const detail =
    outcome.kind === "through-team"
      ? `through team ${outcome.team}`
      : date
        ? `pending cancellation ${date}`
        : outcome.kind;
  const released = await deps.store.transitionHolder(
    holder,
    outcome.kind === "through-team" || outcome.kind === "no-seat" ? "SPARED" : "RELEASED",
    { actorId: holder.slackUserId, action: "reclaim-released", detail },
    {
      ...(date ? { pendingCancellationDate: date } : {}),
      ...(outcome.kind === "through-team" ? { sparedBecause: `through team ${outcome.team}` } : {}),
    },
  );
  deps.counters.count("ReclaimSeatsReleased");
  await deps.notifier.tellHolderEnded(released);
}
