import type { SeatAdministration } from "../admin/ports.js";
import { type RevokeOutcome, revokeSeat } from "../admin/revoke-seat.js";
import type { AuditLog } from "../audit/audit-log.js";
import { parseDuration } from "../config/duration.js";
import { GitHubFailure } from "../seat/github-failure.js";
import {
  ANNOUNCE_WITHIN_MS,
  type AnnounceDependencies,
  announceRequest,
  isFullyAnnounced,
  MESSAGE_LEASE_SECONDS,
  sendOnce,
} from "./announce-request.js";
import { OWN_REQUESTS_READ } from "./authorization.js";
import { RequestCheckError, RequestNotFoundError, StaleStateError, StepInProgressError } from "./errors.js";
import type { Clock, CopilotSeats, Job, JobQueue, Log, RequestStore, SeatCancellation } from "./ports.js";
import { PERMANENT, type SeatEnd, type SeatRequest, SYSTEM_ACTOR } from "./seat-request.js";

/** The seat terms people may choose (`SEAT_DURATIONS`) and the one taken when they choose none. */
export interface SeatTerms {
  durations: readonly string[];
  defaultDuration: string;
}

export const DEFAULT_SEAT_TERMS: SeatTerms = { durations: ["30d", "60d", "90d"], defaultDuration: PERMANENT };

/** The term a request asks for: one of the configured durations, `permanent`, or the default when none is given. */
export function checkSeatDuration(duration: string | undefined, terms: SeatTerms): string | undefined {
  const chosen = duration?.trim() || terms.defaultDuration;
  if (chosen === PERMANENT) return undefined;
  if (!terms.durations.includes(chosen)) {
    throw new RequestCheckError({
      code: "INVALID_SEAT_DURATION",
      params: { chosen, choices: [...terms.durations, PERMANENT] },
    });
  }
  return chosen;
}

export function isTimeBound(request: Pick<SeatRequest, "seatDuration">): request is { seatDuration: string } {
  return Boolean(request.seatDuration && request.seatDuration !== PERMANENT);
}

export function addTerm(from: Date, duration: string): string {
  return new Date(from.getTime() + parseDuration(duration)).toISOString();
}

/** The once-only key of the warning before a seat ends; an extension moves the end, so the next end is warned too. */
export function seatWarningKey(request: Pick<SeatRequest, "seatEndsAt">): string {
  return `holder:seat-warning:${request.seatEndsAt}`;
}

export interface SeatSweepDependencies {
  store: RequestStore;
  queue: JobQueue;
  clock: Clock;
  log: Log;
  seatEndWarningMs: number;
  /** Who is told when a seat that ended comes through a team (`isFullyAnnounced`). */
  adminIds: readonly string[];
}

const SEAT_SWEEP_LIMIT = 200;

/**
 * The sweep's part for time-bound seats: a seat within `SEAT_END_WARNING` of its end gets its warning queued (until
 * the warning is confirmed sent); a seat past its end moves ASSIGNED → ENDING, once however many sweeps race for it,
 * and its cancellation is queued. A seat that ended at its term keeps its marker until everyone is told, and its
 * messages are queued again while they are not (its request is older than the sweep's other repairs look); markers of
 * seats that ended and were announced, or were released, are dropped.
 */
export async function sweepSeatEnds(
  deps: SeatSweepDependencies,
  requeue: (job: Job & { requestId: string }) => Promise<void>,
): Promise<void> {
  const now = deps.clock.now();
  const horizon = new Date(now.getTime() + deps.seatEndWarningMs).toISOString();
  for (const marker of await deps.store.listSeatEnds(horizon, SEAT_SWEEP_LIMIT)) {
    try {
      const request = await deps.store.get(marker.requestId);
      if (
        request?.state === "ENDED" &&
        request.seatEnd?.reason === "term" &&
        !isFullyAnnounced(request, deps.adminIds)
      ) {
        const unconfirmedBefore = new Date(now.getTime() - MESSAGE_LEASE_SECONDS * 1000).toISOString();
        if (request.updatedAt < new Date(now.getTime() - ANNOUNCE_WITHIN_MS).toISOString()) {
          // Slack has refused these messages for two weeks (a missing scope, a revoked token): the marker goes, so
          // that it does not hold a place among the markers every sweep reads.
          deps.log.error("Gave up telling everyone that a time-bound seat ended", { requestId: request.id });
          await deps.store.clearSeatEnd(request.id);
        } else if (request.updatedAt <= unconfirmedBefore) {
          await requeue({ type: "end-seat", requestId: request.id });
        }
        continue;
      }
      if (!request?.seatEndsAt || (request.state !== "ASSIGNED" && request.state !== "ENDING")) {
        await deps.store.clearSeatEnd(marker.requestId);
        continue;
      }
      // An ENDING seat's cancellation is requeued by the sweep's stuck-work pass, like any state the worker moves on.
      if (request.state === "ENDING") {
      } else if (now.toISOString() >= request.seatEndsAt) {
        await deps.store.transition(request, "ENDING", { actorId: SYSTEM_ACTOR, action: "seat-ending" });
        await requeue({ type: "end-seat", requestId: request.id });
      } else if (!(request.notified ?? []).includes(seatWarningKey(request))) {
        await requeue({ type: "warn-seat-end", requestId: request.id });
      }
    } catch (error) {
      if (error instanceof StaleStateError) continue;
      deps.log.warn("Could not look at a time-bound seat; the next sweep tries again", {
        requestId: marker.requestId,
        error,
      });
    }
  }
}

export interface SeatEndDependencies extends AnnounceDependencies {
  github: SeatAdministration;
  audit: AuditLog;
  clock: Clock;
}

/** The warning DM (with Extend and Release now), once per end date. */
export async function warnSeatEnd(requestId: string, deps: SeatEndDependencies): Promise<void> {
  const request = await deps.store.get(requestId);
  if (!request) throw new RequestNotFoundError(requestId);
  if (request.state !== "ASSIGNED" || !request.seatEndsAt) return;
  await sendOnce(
    request,
    seatWarningKey(request),
    () => deps.notifier.tellAboutSeat(request.requesterId, { kind: "ending-soon", request }),
    deps,
  );
}

/** How long one delivery may hold the right to cancel a seat at GitHub; as for assigning. */
const GITHUB_END_LEASE_SECONDS = 90;

export function cancellationOf(outcome: RevokeOutcome): SeatCancellation {
  switch (outcome.kind) {
    case "revoked":
      return {
        kind: "revoked",
        ...(outcome.seat?.pendingCancellationDate
          ? { pendingCancellationDate: outcome.seat.pendingCancellationDate }
          : {}),
      };
    case "already-pending":
      return {
        kind: "already-pending",
        ...(outcome.seat.pendingCancellationDate
          ? { pendingCancellationDate: outcome.seat.pendingCancellationDate }
          : {}),
      };
    case "through-team":
      return { kind: "through-team", team: outcome.seat.assigningTeam };
    case "no-seat":
      return { kind: "no-seat" };
  }
}

function seatEndFrom(reason: SeatEnd["reason"], cancellation: SeatCancellation): SeatEnd {
  return {
    reason,
    ...("pendingCancellationDate" in cancellation && cancellation.pendingCancellationDate
      ? { pendingCancellationDate: cancellation.pendingCancellationDate }
      : {}),
    ...(cancellation.kind === "through-team" ? { throughTeam: cancellation.team } : {}),
    ...(cancellation.kind === "no-seat" ? { noSeat: true } : {}),
  };
}

/**
 * ENDING → ENDED: cancels the seat at GitHub (`DELETE …/selected_users`; it lasts to the end of the billing cycle),
 * once per intent under a lease, records what GitHub said, and tells the holder and the approver (and the admins,
 * when the seat comes through a team and GitHub cannot cancel it per person).
 */
export async function endSeat(
  requestId: string,
  delivery: { finalAttempt: boolean },
  deps: SeatEndDependencies,
): Promise<void> {
  let request = await deps.store.get(requestId);
  if (!request) throw new RequestNotFoundError(requestId);
  if (request.state === "ENDING") {
    const step = "github:end";
    const claim = await deps.store.claimStep(request.id, step, GITHUB_END_LEASE_SECONDS);
    if (claim === "busy") throw new StepInProgressError(request.id, step);
    let cancellation: SeatCancellation;
    try {
      // Reading the seat first makes a second delivery harmless: a seat already pending cancellation is left alone.
      cancellation = cancellationOf(await revokeSeat(request.githubLogin, SYSTEM_ACTOR, deps, "seat-ended"));
    } catch (error) {
      await deps.store.releaseStep(request.id, step).catch(() => {});
      if (!(error instanceof GitHubFailure) || (error.retryable && !delivery.finalAttempt)) throw error;
      deps.log.error("GitHub did not cancel a time-bound seat; the admins are told", { requestId, error });
      cancellation = { kind: "no-seat" };
    }
    const seatEnd = seatEndFrom("term", cancellation);
    request = await deps.store.transition(
      request,
      "ENDED",
      { actorId: SYSTEM_ACTOR, action: "seat-ended", detail: describeEnd(seatEnd) },
      { seatEnd },
    );
    await deps.store.completeStep(request.id, step).catch(() => {});
    deps.counters.count("SeatTermsEnded");
  }
  await announceRequest(request, deps);
  // Only now: until everyone is told, the marker lets the sweep find the seat that ended (`sweepSeatEnds`).
  await deps.store.clearSeatEnd(request.id).catch(() => {});
}

function describeEnd(end: SeatEnd): string {
  if (end.throughTeam) return `through team ${end.throughTeam}`;
  if (end.noSeat) return "no seat";
  return end.pendingCancellationDate ? `pending cancellation ${end.pendingCancellationDate}` : "pending cancellation";
}

/**
 * A holder gives their own seat back: GitHub cancels it at the end of the billing cycle, the audit trail records
 * `seat-released`, and a time-bound request for the login ends as released, so its term's end does nothing more.
 */
export async function releaseOwnSeat(
  githubLogin: string,
  userId: string,
  deps: SeatEndDependencies,
): Promise<SeatCancellation> {
  const cancellation = cancellationOf(await revokeSeat(githubLogin, userId, deps, "seat-released"));
  if (cancellation.kind === "revoked" || cancellation.kind === "already-pending") {
    const mine = await deps.store.listByRequester(userId, OWN_REQUESTS_READ);
    for (const request of mine) {
      if (request.state !== "ASSIGNED" || request.githubLogin.toLowerCase() !== githubLogin.toLowerCase()) continue;
      if (!request.seatEndsAt) continue;
      try {
        const seatEnd = seatEndFrom("released", cancellation);
        await deps.store.transition(request, "ENDED", { actorId: userId, action: "released" }, { seatEnd });
        await deps.store.clearSeatEnd(request.id).catch(() => {});
      } catch (error) {
        if (!(error instanceof StaleStateError)) throw error;
      }
    }
    deps.counters.count("SeatsReleased");
  }
  return cancellation;
}

/**
 * An approved extension makes the original seat last longer: its end moves by the extension's term (from its old end,
 * or from now if that has passed), once, under a lease, then the extension itself is recorded as ASSIGNED. If the
 * original seat has already ended, the extension is assigned like a new time-bound request. A seat cancelled at GitHub
 * while its request still ran (an admin's revoke) is assigned again first: the extension was approved to keep it.
 */
export async function extendOriginalSeat(
  extension: SeatRequest,
  deps: { store: RequestStore; clock: Clock; github: Pick<CopilotSeats, "getSeat" | "assignSeat"> },
): Promise<SeatRequest | undefined> {
  const original = extension.extendsRequestId ? await deps.store.get(extension.extendsRequestId) : undefined;
  // Its term is ending now: extending it, or finding its seat still there and keeping it, would be undone by the
  // cancellation under way. The job waits for the end; then the seat is assigned anew.
  if (original?.state === "ENDING") throw new StepInProgressError(original.id, "github:end");
  if (original?.state !== "ASSIGNED" || !original.seatEndsAt || !isTimeBound(extension)) return undefined;
  const step = `extend:${extension.id}`;
  const claim = await deps.store.claimStep(original.id, step, MESSAGE_LEASE_SECONDS);
  if (claim === "busy") throw new StepInProgressError(original.id, step);
  const now = deps.clock.now();
  let newEnd = original.seatEndsAt;
  if (claim === "claimed") {
    const from = new Date(Math.max(Date.parse(original.seatEndsAt), now.getTime()));
    newEnd = addTerm(from, extension.seatDuration);
    try {
      const seat = await deps.github.getSeat(original.githubLogin);
      if (!seat || seat.pendingCancellationDate) await deps.github.assignSeat(original.githubLogin);
      await deps.store.scheduleSeatEnd(original.id, newEnd);
      await deps.store.transition(
        original,
        "ASSIGNED",
        { actorId: extension.decidedBy ?? SYSTEM_ACTOR, action: "extended", detail: `until ${newEnd}` },
        { seatEndsAt: newEnd },
      );
      await deps.store.completeStep(original.id, step);
    } catch (error) {
      await deps.store.releaseStep(original.id, step).catch(() => {});
      throw error;
    }
  }
  return deps.store.transition(
    extension,
    "ASSIGNED",
    { actorId: SYSTEM_ACTOR, action: "assigned", detail: `extended ${original.githubLogin} until ${newEnd}` },
    { seatEndsAt: newEnd },
  );
}
