import { StaleStateError } from "./errors.js";
import type { Clock, Counters, Log, NewHistoryEntry, RequestChanges, RequestStore } from "./ports.js";
import { type RequestState, type SeatRequest, SYSTEM_ACTOR } from "./seat-request.js";
import { type WorkingWeek, workingTimeBetween } from "./working-time.js";

/** How long a request may wait, from the configuration (`REMINDER_AFTER`, `ESCALATE_AFTER`, `EXPIRE_AFTER`). */
export interface WaitingLimits {
  reminderAfterMs: number;
  escalateAfterMs: number;
  expireAfterMs: number;
  workingWeek: WorkingWeek;
}

export type WaitingStep = "expire" | "escalate" | "remind";

/** When the current approver was handed the request: its validation, or the latest forward. */
export function waitingSince(request: SeatRequest): string {
  const handedOver = request.history.filter((entry) => entry.action === "validated" || entry.action === "forwarded");
  return handedOver.at(-1)?.at ?? request.createdAt;
}

/** Reminders sent to the current approver (a forward starts the count again). */
export function remindersSent(request: SeatRequest): number {
  const since = waitingSince(request);
  return request.history.filter((entry) => entry.action === "reminded" && entry.at >= since).length;
}

/** The approver's last nudge: the latest reminder, or being handed the request. */
function lastNudge(request: SeatRequest): string {
  const since = waitingSince(request);
  const reminded = request.history.filter((entry) => entry.action === "reminded" && entry.at >= since).at(-1);
  return reminded?.at ?? since;
}

function validatedAt(request: SeatRequest): string {
  return request.history.find((entry) => entry.action === "validated")?.at ?? request.createdAt;
}

function isWorkingDay(at: Date, week: WorkingWeek): boolean {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: week.timeZone, weekday: "short" }).format(at);
  return week.days.has(["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(name));
}

/**
 * What a waiting request is due for now, most final first. Expiry counts calendar time from filing; escalation and
 * reminders count working time, and go out only on a working day, so nobody is nudged on their weekend.
 */
export function dueWaitingStep(request: SeatRequest, now: Date, limits: WaitingLimits): WaitingStep | undefined {
  if (request.state !== "PENDING" || request.kind === "grant") return undefined;
  if (now.getTime() - Date.parse(request.createdAt) >= limits.expireAfterMs) return "expire";
  if (!isWorkingDay(now, limits.workingWeek)) return undefined;
  const week = limits.workingWeek;
  if (!request.escalatedAt && workingTimeBetween(new Date(validatedAt(request)), now, week) >= limits.escalateAfterMs) {
    return "escalate";
  }
  // Counted from the last reminder, so a sweep that was down for days sends one reminder, not one per missed period.
  if (workingTimeBetween(new Date(lastNudge(request)), now, week) >= limits.reminderAfterMs) return "remind";
  return undefined;
}

export interface AdvanceDependencies {
  store: RequestStore;
  clock: Clock;
  log: Log;
  counters: Counters;
}

const STEP_CHANGES: Record<WaitingStep, { to: RequestState; entry: NewHistoryEntry; counter: string }> = {
  expire: { to: "EXPIRED", entry: { actorId: SYSTEM_ACTOR, action: "expired" }, counter: "RequestsExpired" },
  escalate: { to: "PENDING", entry: { actorId: SYSTEM_ACTOR, action: "escalated" }, counter: "RequestsEscalated" },
  remind: { to: "PENDING", entry: { actorId: SYSTEM_ACTOR, action: "reminded" }, counter: "RemindersSent" },
};

/**
 * Moves a waiting request on by whatever it is due for, one conditional transition per step, and returns it when it
 * changed (its messages are then the worker's job). Two sweeps at the same moment read the same request; the
 * conditional write lets one of them record the step, and the other finds it stale and leaves it alone.
 */
export async function advanceWaitingRequest(
  request: SeatRequest,
  limits: WaitingLimits,
  deps: AdvanceDependencies,
): Promise<SeatRequest | undefined> {
  let current = request;
  let changed = false;
  // At most an escalation and a reminder in one sweep (expiry ends it).
  for (let round = 0; round < 2; round++) {
    const now = deps.clock.now();
    const step = dueWaitingStep(current, now, limits);
    if (!step) break;
    const { to, entry, counter } = STEP_CHANGES[step];
    const changes: RequestChanges =
      step === "escalate"
        ? { escalatedAt: now.toISOString() }
        : step === "expire"
          ? { decidedAt: now.toISOString() }
          : {};
    try {
      current = await deps.store.transition(current, to, entry, changes);
    } catch (error) {
      if (!(error instanceof StaleStateError)) throw error;
      // Another sweep, a click or a forward got there first; what it did is announced by its own writer.
      return changed ? current : undefined;
    }
    changed = true;
    deps.counters.count(counter);
    deps.log.info("A waiting request moved on", { requestId: current.id, step });
    if (step === "expire") break;
  }
  return changed ? current : undefined;
}
