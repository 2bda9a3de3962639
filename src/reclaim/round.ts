import { mapWithConcurrency } from "../bounded-concurrency.js";
import { MessageNotDeliveredError } from "../request/errors.js";
import { SYSTEM_ACTOR } from "../request/seat-request.js";
import { ReclaimError } from "./errors.js";
import { judgeSeat, type SeatContext } from "./idle-rule.js";
import { planRound, type ReclaimPlan } from "./plan.js";
import { asksHolders, HOLDER_LEASE_SECONDS, RECLAIM_DAYS, ROUND_START_HOUR } from "./policy.js";
import {
  type HolderState,
  type ReclaimBatch,
  type ReclaimDependencies,
  type ReclaimHolder,
  type ReclaimRound,
  ReclaimStaleError,
  type RoundProgress,
} from "./ports.js";

export { isRoundId, ROUND_ID } from "./round-id.js";

/** Holders asked by one job: about 25 direct messages, a few seconds of Slack calls. */
export const BATCH_SIZE = 25;
/**
 * Batches queued at once, their jobs spread over `WAVE_SPREAD_SECONDS` with SQS delays: about one question a second,
 * inside Slack's limit for posting messages. The sweep tops the wave up every run, so 50,000 holders take about half
 * a day and a crash loses nothing: a batch is only marked asked once every holder in it was.
 */
export const WAVE_BATCHES = 40;
const WAVE_SPREAD_SECONDS = 800;
/** A queued step that has not moved for this long is queued again (its job was lost); every step may run twice. */
const STUCK_AFTER_MS = 10 * 60_000;
/** Identity lookups and GitHub reads done at once while planning and closing. */
const CONCURRENCY = 16;

/** Which batch a login belongs to: a function of the login alone, so a resumed plan deals nobody twice. */
export function batchOf(login: string, batchCount: number): number {
  let hash = 0x811c9dc5;
  for (const char of login.toLowerCase()) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return batchCount <= 1 ? 0 : hash % batchCount;
}

/** The local weekday and hour in the round's time zone. */
function localDayAndHour(now: Date, timeZone: string): { day: string; hour: number; date: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      weekday: "short",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "numeric",
      hourCycle: "h23",
    })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  return {
    day: String(parts.weekday).toUpperCase(),
    hour: Number(parts.hour),
    date: `${parts.year}-${parts.month}-${parts.day}`,
  };
}

type StartDependencies = Pick<ReclaimDependencies, "store" | "queue" | "clock" | "policy">;
/** The sweep's part needs DynamoDB and the queue only: Slack and GitHub are the worker's. */
export type ReclaimSweepDependencies = Pick<ReclaimDependencies, "store" | "queue" | "clock" | "log" | "policy">;

function newRound(id: string, startedBy: string, deps: StartDependencies): ReclaimRound {
  const now = deps.clock.now().toISOString();
  return { id, state: "PLANNING", mode: deps.policy.mode, startedAt: now, startedBy, updatedAt: now };
}

/** An admin starts a round now (after confirming). Throws `ReclaimError` when reclaiming is off or a round runs. */
export async function startRoundNow(actorId: string, deps: StartDependencies): Promise<ReclaimRound> {
  if (deps.policy.mode === "off") throw new ReclaimError({ code: "RECLAIM_OFF", params: {} });
  const id = deps.clock.now().toISOString().slice(0, 19).replace(/:/g, "-");
  const round = newRound(id, actorId, deps);
  if (!(await deps.store.beginRound(round))) {
    const { activeRoundId } = await deps.store.current();
    throw new ReclaimError({ code: "ROUND_RUNNING", params: { roundId: activeRoundId ?? id } });
  }
  await deps.queue.enqueue({ type: "reclaim-plan", roundId: round.id });
  return round;
}

/**
 * The sweep's part: on `RECLAIM_DAY` from 09:00 in `TIME_ZONE` the weekly round starts, once (its id is the local
 * date); a running round is stopped when reclaiming is off, moved on when a step's job was lost, its next batches
 * queued, its batches past their deadline closed, and its admins' progress message kept up to date.
 */
export async function sweepReclaim(deps: ReclaimSweepDependencies): Promise<void> {
  const now = deps.clock.now();
  const { activeRoundId, recent } = await deps.store.current();
  if (!activeRoundId) {
    if (deps.policy.mode === "off") return;
    const local = localDayAndHour(now, deps.policy.timeZone);
    if (local.day !== deps.policy.day || local.hour < ROUND_START_HOUR || recent.includes(local.date)) return;
    const round = newRound(local.date, SYSTEM_ACTOR, deps);
    if (await deps.store.beginRound(round)) await deps.queue.enqueue({ type: "reclaim-plan", roundId: round.id });
    return;
  }
  const round = await deps.store.getRound(activeRoundId);
  if (!round || round.state === "DONE" || round.state === "STOPPED") {
    // A round may reach its final state and fail to clear itself; the next sweep clears it.
    await deps.store.endRound(activeRoundId);
    return;
  }
  if (await stoppedBySwitch(round, deps)) return;
  const stale = now.getTime() - Date.parse(round.updatedAt) > STUCK_AFTER_MS;
  if (round.state === "PLANNING") {
    if (stale) await deps.queue.enqueue({ type: "reclaim-plan", roundId: round.id });
    return;
  }
  if (round.state !== "ASKING") {
    await deps.store.endRound(round.id);
    return;
  }
  const batches = await deps.store.listBatches(round.id);
  await dispatchBatches(round, batches, deps);
  for (const batch of batches) {
    const batchStale = now.getTime() - Date.parse(batch.updatedAt) > STUCK_AFTER_MS;
    if (batch.state === "ASKED" && batch.deadline && batch.deadline <= now.toISOString()) {
      if (await deps.store.moveBatch(batch, "CLOSING")) {
        await deps.queue.enqueue({ type: "reclaim-close", roundId: round.id, batch: String(batch.batch) });
      }
    } else if (batch.state === "CLOSING" && batchStale) {
      await deps.queue.enqueue({ type: "reclaim-close", roundId: round.id, batch: String(batch.batch) });
    }
  }
  // The worker redraws the progress message, and ends the round once every batch is closed.
  await deps.queue.enqueue({ type: "reclaim-progress", roundId: round.id });
}

/** The kill switch: with `RECLAIM_MODE=off` a running round stops before its next step. */
async function stoppedBySwitch(round: ReclaimRound, deps: ReclaimSweepDependencies): Promise<boolean> {
  if (round.state === "DONE" || round.state === "STOPPED") return true;
  // `report` asks nobody: a round already asking stops too, rather than wait forever for batches nobody sends.
  const stop = deps.policy.mode === "off" || (round.state === "ASKING" && !asksHolders(deps.policy.mode));
  if (!stop) return false;
  try {
    await deps.store.updateRound(round, { state: "STOPPED", endedAt: deps.clock.now().toISOString() });
    await deps.store.endRound(round.id);
    deps.log.info("Reclaim round stopped by RECLAIM_MODE", { roundId: round.id, mode: deps.policy.mode });
    await deps.queue.enqueue({ type: "reclaim-progress", roundId: round.id });
  } catch (error) {
    if (!(error instanceof ReclaimStaleError)) throw error;
  }
  return true;
}

/** Queues the next batches' ask jobs, keeping at most `WAVE_BATCHES` queued and not yet asked. */
async function dispatchBatches(round: ReclaimRound, batches: ReclaimBatch[], deps: ReclaimSweepDependencies) {
  if (!asksHolders(deps.policy.mode)) return;
  const now = deps.clock.now().getTime();
  const queued = batches.filter((b) => b.state === "QUEUED");
  for (const batch of queued) {
    if (now - Date.parse(batch.updatedAt) > STUCK_AFTER_MS) {
      await deps.queue.enqueue({ type: "reclaim-ask", roundId: round.id, batch: String(batch.batch) });
    }
  }
  const room = WAVE_BATCHES - queued.length;
  const waiting = batches.filter((b) => b.state === "WAITING").slice(0, Math.max(0, room));
  const spacing = Math.floor(WAVE_SPREAD_SECONDS / WAVE_BATCHES);
  let slot = 0;
  for (const batch of waiting) {
    if (!(await deps.store.moveBatch(batch, "QUEUED"))) continue;
    await deps.queue.enqueue(
      { type: "reclaim-ask", roundId: round.id, batch: String(batch.batch) },
      { delaySeconds: Math.min(900, slot * spacing) },
    );
    slot += 1;
  }
}

async function seatContext(deps: ReclaimDependencies, logins: readonly string[]): Promise<SeatContext> {
  const exemptTeamMembers = new Set<string>();
  for (const team of deps.policy.exemptTeams) {
    for (const member of await deps.github.teamMembers(team)) exemptTeamMembers.add(member.toLowerCase());
  }
  const [timeBound, keptUntil] = await Promise.all([deps.timeBoundLogins(), deps.store.keptUntil(logins)]);
  return { timeBound, exemptTeamMembers, keptUntil };
}

/** What a round would do now, changing nothing: `/copilot reclaim preview`, and a round's first step. */
export async function previewRound(deps: ReclaimDependencies): Promise<{ plan: ReclaimPlan; unknown: string[] }> {
  const [seats, subscriptionPlan] = await Promise.all([
    deps.github.listAllSeats(),
    deps.github.subscriptionPlan().catch(() => undefined),
  ]);
  const now = deps.clock.now();
  // Snoozes are read for the seats that would otherwise be idle only.
  const first = planRound(seats, deps.policy, now, await seatContext(deps, []), subscriptionPlan);
  const context = await seatContext(
    deps,
    first.idle.map((s) => s.login.toLowerCase()),
  );
  const plan = planRound(seats, deps.policy, now, context, subscriptionPlan);
  // Only a round that asks needs to know whom it can reach.
  if (!asksHolders(deps.policy.mode)) return { plan, unknown: [] };
  const people = await mapWithConcurrency(plan.idle, CONCURRENCY, (seat) => deps.slackUserOf(seat.login));
  const unknown = plan.idle.filter((_, i) => !people[i]).map((s) => s.login);
  return { plan, unknown };
}

/**
 * `/copilot reclaim preview`'s job: the plan a round would make now, answered to the admin who asked, changing
 * nothing. A GitHub failure becomes the answer once the queue will not try again.
 */
export async function previewForAdmin(
  responseUrl: string,
  delivery: { finalAttempt: boolean },
  deps: ReclaimDependencies,
): Promise<void> {
  let preview: Awaited<ReturnType<typeof previewRound>>;
  try {
    preview = await previewRound(deps);
  } catch (error) {
    if (!delivery.finalAttempt) throw error;
    await deps.notifier.answerPreview(responseUrl, { failure: error });
    return;
  }
  await deps.notifier.answerPreview(responseUrl, { ...preview, mode: deps.policy.mode });
}

/** Holders written per step of a plan; between steps the plan checks its invocation's remaining time. */
const PLAN_CHUNK = 200;
/** What a plan leaves of its invocation for the step it is in and for queueing its continuation. */
const PLAN_RESERVE_MS = 20_000;

/**
 * Writes the plan's holders that are not written yet, looking up each one's Slack person, a chunk at a time. When the
 * invocation runs short of time it queues the plan again and says so: the next one lists the seats again and goes on
 * with the holders still missing, so 50,000 idle seats are planned over a few invocations.
 */
async function writeHolders(
  round: ReclaimRound,
  plan: ReclaimPlan,
  deps: ReclaimDependencies,
): Promise<{ unknown: string[] } | "continued"> {
  const written = new Map<string, ReclaimHolder>();
  let cursor: string | undefined;
  do {
    const page = await deps.store.listHolders(round.id, undefined, cursor);
    for (const holder of page.holders) written.set(holder.login.toLowerCase(), holder);
    cursor = page.cursor;
  } while (cursor);
  const todo = plan.idle.filter((seat) => !written.has(seat.login.toLowerCase()));
  const at = deps.clock.now().toISOString();
  const batchCount = round.batchCount ?? 1;
  for (let start = 0; start < todo.length; start += PLAN_CHUNK) {
    if (start > 0 && deps.remainingMs && deps.remainingMs() < PLAN_RESERVE_MS) {
      await deps.queue.enqueue({ type: "reclaim-plan", roundId: round.id });
      return "continued";
    }
    const chunk = todo.slice(start, start + PLAN_CHUNK);
    const people = await mapWithConcurrency(chunk, CONCURRENCY, (seat) => deps.slackUserOf(seat.login));
    const holders = chunk.map((seat, i): ReclaimHolder => {
      const slackUserId = people[i];
      const state: HolderState = slackUserId ? "PLANNED" : "UNKNOWN";
      return {
        roundId: round.id,
        batch: batchOf(seat.login, batchCount),
        login: seat.login,
        state,
        ...(slackUserId ? { slackUserId } : {}),
        ...(seat.lastSeenAt ? { lastSeenAt: seat.lastSeenAt } : {}),
        monthlyCost: seat.monthlyCost,
        updatedAt: at,
        history: [
          {
            at,
            actorId: SYSTEM_ACTOR,
            action: "reclaim-planned",
            from: state,
            to: state,
            detail: seat.lastSeenAt ? `last seen ${seat.lastSeenAt}` : "never seen",
          },
        ],
      };
    });
    await deps.store.addHolders(holders);
    for (const holder of holders) written.set(holder.login.toLowerCase(), holder);
  }
  return {
    unknown: plan.idle
      .filter((seat) => written.get(seat.login.toLowerCase())?.state === "UNKNOWN")
      .map((seat) => seat.login),
  };
}

/**
 * The round's first step: lists every seat, judges it, and writes the plan (one holder item per idle seat held by a
 * person, dealt into batches). `report` ends here with the admins' list; `ask` and `enforce` post the admins' progress
 * message and queue the first batches. Run again after a crash, it writes only the holders still missing.
 */
export async function runPlan(roundId: string, deps: ReclaimDependencies): Promise<void> {
  let round = await deps.store.getRound(roundId);
  if (round?.state !== "PLANNING") return;
  if (await stoppedBySwitch(round, deps)) return;
  const [seats, subscriptionPlan] = await Promise.all([
    deps.github.listAllSeats(),
    deps.github.subscriptionPlan().catch(() => undefined),
  ]);
  const now = deps.clock.now();
  const first = planRound(seats, deps.policy, now, await seatContext(deps, []), subscriptionPlan);
  const context = await seatContext(
    deps,
    first.idle.map((s) => s.login.toLowerCase()),
  );
  const plan = planRound(seats, deps.policy, now, context, subscriptionPlan);
  const asking = asksHolders(deps.policy.mode);
  let unknown: string[] = [];
  if (asking) {
    if (round.batchCount === undefined) {
      round = await deps.store.updateRound(round, {
        batchCount: Math.max(1, Math.ceil(plan.idle.length / BATCH_SIZE)),
      });
    }
    const written = await writeHolders(round, plan, deps);
    if (written === "continued") return;
    unknown = written.unknown;
    await deps.store.addBatches(roundId, round.batchCount ?? 1);
  }
  const planned = {
    seatsListed: plan.seatsListed,
    counts: plan.counts,
    idle: plan.idle.length,
    idleMonthlyCost: plan.idleMonthlyCost,
    teams: plan.teams.slice(0, 20),
    teamMonthlyCost: plan.teamMonthlyCost,
    unknown: unknown.length,
  };
  if (!round.planned) {
    // Marked before telling: a crash in between loses the list (the progress message still counts the unknown)
    // rather than sending it twice on every retry.
    round = await deps.store.updateRound(round, { planned, mode: deps.policy.mode });
    for (const adminId of deps.adminIds) await deps.notifier.tellAdminsPlan(adminId, round, plan, unknown);
    deps.counters.count("ReclaimRoundsPlanned");
  }
  if (!asking) {
    await deps.store.updateRound(round, { state: "DONE", endedAt: deps.clock.now().toISOString() });
    await deps.store.endRound(roundId);
    return;
  }
  const progressMessages: NonNullable<ReclaimRound["progressMessages"]> = round.progressMessages ?? [];
  if (progressMessages.length === 0) {
    const progress = await tally(round, deps);
    for (const adminId of deps.adminIds) {
      progressMessages.push({ adminId, ...(await deps.notifier.postProgress(adminId, round, progress)) });
    }
  }
  round = await deps.store.updateRound(round, { state: "ASKING", progressMessages });
  await dispatchBatches(round, await deps.store.listBatches(roundId), deps);
}

/** Asks every holder of one batch who was not asked yet, once each; then the batch's deadline starts. */
export async function askBatch(roundId: string, batch: number, deps: ReclaimDependencies): Promise<void> {
  const round = await deps.store.getRound(roundId);
  if (round?.state !== "ASKING") return;
  if (await stoppedBySwitch(round, deps)) return;
  if (!asksHolders(deps.policy.mode)) return;
  const graceEnds = () => new Date(deps.clock.now().getTime() + deps.policy.graceMs).toISOString();
  let cursor: string | undefined;
  let leasedElsewhere = 0;
  do {
    const page = await deps.store.listHolders(roundId, batch, cursor);
    cursor = page.cursor;
    for (const holder of page.holders) {
      if (holder.state !== "PLANNED" || !holder.slackUserId) continue;
      if (!(await deps.store.claimHolder(holder, "ask", HOLDER_LEASE_SECONDS))) {
        leasedElsewhere += 1;
        continue;
      }
      const deadline = graceEnds();
      let message: { channel: string; ts: string };
      try {
        message = await deps.notifier.askHolder(holder, round, deadline);
      } catch (error) {
        if (error instanceof MessageNotDeliveredError && error.permanent) {
          await deps.store.transitionHolder(holder, "UNKNOWN", {
            actorId: SYSTEM_ACTOR,
            action: "reclaim-unreachable",
            detail: error.reason,
          });
          continue;
        }
        await deps.store.releaseHolder(holder, "ask").catch(() => {});
        throw error;
      }
      try {
        await deps.store.transitionHolder(
          holder,
          "ASKED",
          { actorId: SYSTEM_ACTOR, action: "reclaim-asked", detail: `deadline ${deadline}` },
          { askedAt: deps.clock.now().toISOString(), deadline, message },
        );
        deps.counters.count("ReclaimHoldersAsked");
      } catch (error) {
        if (!(error instanceof ReclaimStaleError)) throw error;
      }
    }
  } while (cursor);
  if (leasedElsewhere > 0) {
    // Another delivery holds those questions (or died holding them): this job comes back once their leases end, so the
    // batch counts as asked only when every holder in it was.
    throw new Error(
      `${leasedElsewhere} question(s) of batch ${batch} are being sent by another delivery; trying later.`,
    );
  }
  const batches = await deps.store.listBatches(roundId);
  const mine = batches.find((b) => b.batch === batch);
  if (mine && (mine.state === "QUEUED" || mine.state === "WAITING")) {
    await deps.store.moveBatch(mine, "ASKED", { deadline: graceEnds() });
  }
}

/**
 * A batch's deadline passed. In `enforce`, each holder who neither kept nor released is checked again right before
 * the seat is cancelled: a seat used again, kept, now exempt, or already going is left alone; the rest are cancelled
 * once and their holders told the pending-cancellation date. In `ask` the silence is recorded and nothing cancelled.
 */
export async function closeBatch(roundId: string, batch: number, deps: ReclaimDependencies): Promise<void> {
  const round = await deps.store.getRound(roundId);
  if (round?.state !== "ASKING") return;
  if (await stoppedBySwitch(round, deps)) return;
  const now = deps.clock.now().toISOString();
  const due: ReclaimHolder[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.listHolders(roundId, batch, cursor);
    cursor = page.cursor;
    for (const holder of page.holders) {
      if ((holder.state === "ASKED" && holder.deadline && holder.deadline <= now) || holder.state === "CANCELLING") {
        due.push(holder);
      } else if (holder.state === "PLANNED") {
        // Written by a late delivery of the plan after the batch was asked: nobody asks them now.
        await deps.store
          .transitionHolder(holder, "UNKNOWN", {
            actorId: SYSTEM_ACTOR,
            action: "reclaim-not-asked",
            detail: "planned after the batch was asked",
          })
          .catch((error) => {
            if (!(error instanceof ReclaimStaleError)) throw error;
          });
      }
    }
  } while (cursor);
  if (due.length > 0) {
    const context = await seatContext(
      deps,
      due.map((h) => h.login.toLowerCase()),
    );
    const outcomes = await mapWithConcurrency(due, CONCURRENCY, (holder) =>
      settleAtDeadline(round, holder, context, deps),
    );
    const deferred = outcomes.filter((outcome) => outcome === "deferred").length;
    if (deferred > 0) {
      // Another delivery holds those cancellations (or died holding them): the batch closes once they are settled.
      throw new Error(`${deferred} cancellation(s) of batch ${batch} are under way in another delivery; trying later.`);
    }
  }
  const mine = (await deps.store.listBatches(roundId)).find((b) => b.batch === batch);
  if (mine?.state === "CLOSING") await deps.store.moveBatch(mine, "CLOSED");
  await deps.queue.enqueue({ type: "reclaim-progress", roundId });
}

async function settleAtDeadline(
  round: ReclaimRound,
  holder: ReclaimHolder,
  context: SeatContext,
  deps: ReclaimDependencies,
): Promise<"settled" | "deferred"> {
  try {
    // Holders of a round planned to only ask were never warned of a cancellation: the round's own mode must enforce too.
    const mode = round.mode === "enforce" ? deps.policy.mode : round.mode;
    if (mode !== "enforce") {
      // A cancellation left under way is not finished either: outside enforce nobody's seat is cancelled.
      if (holder.state === "CANCELLING" && !(await deps.store.claimHolder(holder, "cancel", HOLDER_LEASE_SECONDS))) {
        return "deferred";
      }
      const settled = await deps.store.transitionHolder(holder, "UNANSWERED", {
        actorId: SYSTEM_ACTOR,
        action: "reclaim-unanswered",
        detail: `RECLAIM_MODE=${mode}: nothing cancelled`,
      });
      await deps.notifier.settleQuestion(settled).catch((error) => {
        deps.log.warn("Could not redraw a reclaim question", { login: holder.login, error });
      });
      return "settled";
    }
    let current = holder;
    if (current.state === "ASKED") {
      // Right before cancelling, the seat is read again: what GitHub says now decides, not what the plan said.
      const seat = await deps.github.getSeat(current.login);
      const verdict = seat ? judgeSeat(seat, deps.policy, deps.clock.now(), context) : undefined;
      if (verdict?.kind !== "idle") {
        const because = verdict ? verdict.kind : "no-seat";
        const spared = await deps.store.transitionHolder(
          current,
          "SPARED",
          { actorId: SYSTEM_ACTOR, action: "reclaim-spared", detail: because },
          { sparedBecause: because },
        );
        await deps.notifier.settleQuestion(spared).catch(() => {});
        return "settled";
      }
      current = await deps.store.transitionHolder(current, "CANCELLING", {
        actorId: SYSTEM_ACTOR,
        action: "reclaim-cancelling",
      });
    }
    if (current.state !== "CANCELLING") return "settled";
    if (!(await deps.store.claimHolder(current, "cancel", HOLDER_LEASE_SECONDS))) return "deferred";
    const outcome = await deps.cancelSeat(current.login, SYSTEM_ACTOR, "reclaimed");
    if (outcome.kind === "revoked" || outcome.kind === "already-pending") {
      const date = outcome.pendingCancellationDate;
      const cancelled = await deps.store.transitionHolder(
        current,
        "CANCELLED",
        {
          actorId: SYSTEM_ACTOR,
          action: "reclaim-cancelled",
          ...(date ? { detail: `pending cancellation ${date}` } : {}),
        },
        date ? { pendingCancellationDate: date } : {},
      );
      deps.counters.count("ReclaimSeatsCancelled");
      await deps.notifier.tellHolderEnded(cancelled).catch((error) => {
        deps.log.warn("Could not tell a holder their idle seat was cancelled", { login: holder.login, error });
      });
      await deps.notifier.settleQuestion(cancelled).catch(() => {});
    } else {
      const because = outcome.kind === "through-team" ? `through team ${outcome.team}` : "no-seat";
      await deps.store.transitionHolder(
        current,
        "SPARED",
        { actorId: SYSTEM_ACTOR, action: "reclaim-spared", detail: because },
        { sparedBecause: because },
      );
    }
  } catch (error) {
    // A holder who answered meanwhile won the race; their answer stands.
    if (error instanceof ReclaimStaleError) return "settled";
    throw error;
  }
  return "settled";
}

/** Counts the round's holders by state, writing any audit item a crash left missing on the way. */
export async function tally(
  round: ReclaimRound,
  deps: ReclaimDependencies,
): Promise<RoundProgress & { stuckReleases: ReclaimHolder[] }> {
  const byState: Record<HolderState, number> = {
    PLANNED: 0,
    UNKNOWN: 0,
    ASKED: 0,
    KEPT: 0,
    RELEASING: 0,
    RELEASED: 0,
    CANCELLING: 0,
    CANCELLED: 0,
    SPARED: 0,
    UNANSWERED: 0,
  };
  const saved: number[] = [];
  const cancelled: RoundProgress["cancelled"] = [];
  const stuckReleases: ReclaimHolder[] = [];
  const stuckBefore = new Date(deps.clock.now().getTime() - STUCK_AFTER_MS).toISOString();
  let cursor: string | undefined;
  do {
    const page = await deps.store.listHolders(round.id, undefined, cursor);
    cursor = page.cursor;
    for (const holder of page.holders) {
      byState[holder.state] += 1;
      if (holder.state === "CANCELLED" || holder.state === "RELEASED") saved.push(holder.monthlyCost);
      if (holder.state === "RELEASING" && holder.updatedAt < stuckBefore) stuckReleases.push(holder);
      if (holder.state === "CANCELLED") {
        cancelled.push({
          login: holder.login,
          ...(holder.pendingCancellationDate ? { pendingCancellationDate: holder.pendingCancellationDate } : {}),
        });
      }
      await deps.store.repairAudit(holder).catch((error) => {
        deps.log.warn("Could not repair a reclaim audit item; the next tally tries again", { error });
      });
    }
  } while (cursor);
  let cents = 0;
  for (const amount of saved) cents += Math.round(amount * 100);
  return { byState, monthlySaved: cents / 100, cancelled, stuckReleases };
}

/** Redraws the admins' progress message from the stored holders. */
export async function refreshProgress(round: ReclaimRound, deps: ReclaimDependencies): Promise<void> {
  if (!round.progressMessages?.length) return;
  const progress = await tally(round, deps);
  for (const ref of round.progressMessages) {
    await deps.notifier.updateProgress(ref, round, progress).catch((error) => {
      deps.log.warn("Could not update the reclaim progress message", { roundId: round.id, error });
    });
  }
}

/**
 * The progress job: redraws the admins' progress message; once every batch is closed and no release or cancellation
 * is under way, the round is DONE and the admins get its summary.
 */
export async function advanceRound(roundId: string, deps: ReclaimDependencies): Promise<void> {
  const round = await deps.store.getRound(roundId);
  if (!round) return;
  if (round.state === "ASKING" && !(await stoppedBySwitch(round, deps))) {
    // A Release whose job was lost (the click's queueing failed after its write) is queued again.
    for (const holder of (await tally(round, deps)).stuckReleases) {
      if (!holder.slackUserId) continue;
      await deps.queue.enqueue({
        type: "reclaim-release",
        roundId,
        batch: String(holder.batch),
        githubLogin: holder.login,
        userId: holder.slackUserId,
      });
    }
    const batches = await deps.store.listBatches(roundId);
    if (batches.every((b) => b.state === "CLOSED")) {
      const progress = await tally(round, deps);
      const b = progress.byState;
      if (b.RELEASING === 0 && b.CANCELLING === 0 && b.PLANNED === 0) {
        await finishRound(round, deps);
        return;
      }
    }
  }
  await refreshProgress((await deps.store.getRound(roundId)) ?? round, deps);
}

/** Every batch closed: the round is DONE, its progress message final, and the admins get the summary once. */
async function finishRound(round: ReclaimRound, deps: ReclaimDependencies): Promise<void> {
  let done: ReclaimRound;
  try {
    done = await deps.store.updateRound(round, { state: "DONE", endedAt: deps.clock.now().toISOString() });
  } catch (error) {
    if (error instanceof ReclaimStaleError) return;
    throw error;
  }
  await deps.store.endRound(round.id);
  const progress = await tally(done, deps);
  for (const ref of done.progressMessages ?? []) {
    await deps.notifier.updateProgress(ref, done, progress).catch(() => {});
  }
  for (const adminId of deps.adminIds) await deps.notifier.tellAdminsSummary(adminId, done, progress);
  await deps.store.updateRound(done, { summarySent: true }).catch(() => {});
}

/** The week's outcome for the digest: seats reclaimed (cancelled or released) and kept, and what they cost a month. */
export async function reclaimWeek(
  from: Date,
  to: Date,
  deps: Pick<ReclaimDependencies, "store">,
): Promise<{ reclaimed: number; kept: number; monthlySaved: number }> {
  const { recent } = await deps.store.current();
  let reclaimed = 0;
  let kept = 0;
  let cents = 0;
  const inWeek = (at: string) => at >= from.toISOString() && at < to.toISOString();
  for (const roundId of recent) {
    let cursor: string | undefined;
    do {
      const page = await deps.store.listHolders(roundId, undefined, cursor);
      cursor = page.cursor;
      for (const holder of page.holders) {
        const last = holder.history[holder.history.length - 1];
        if (!last || !inWeek(last.at)) continue;
        if (holder.state === "CANCELLED" || holder.state === "RELEASED") {
          reclaimed += 1;
          cents += Math.round(holder.monthlyCost * 100);
        } else if (holder.state === "KEPT") {
          kept += 1;
        }
      }
    } while (cursor);
  }
  return { reclaimed, kept, monthlySaved: cents / 100 };
}

export { RECLAIM_DAYS };
