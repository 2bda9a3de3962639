import { MessageNotDeliveredError, StepInProgressError } from "./errors.js";
import type { Counters, Log, RequestNotifier, RequestStore } from "./ports.js";
import { type SeatRequest, WAITING_ACTIONS } from "./seat-request.js";

export interface AnnounceDependencies {
  store: RequestStore;
  notifier: RequestNotifier;
  adminIds: readonly string[];
  log: Log;
  counters: Counters;
  /** Redraws a person's Home tab; optional because the Home tab is a convenience, not the record. */
  publishHome?: (userId: string) => Promise<void>;
}

/**
 * How long a delivery may hold a message's lease. Longer than one attempt at sending (bounded by the Slack client's
 * deadline), shorter than the queue's redelivery delay, so a crashed sender's message is sent by the next delivery.
 */
export const MESSAGE_LEASE_SECONDS = 90;

/** How long the sweep goes on queueing the messages of an outcome that Slack has not confirmed. */
export const ANNOUNCE_WITHIN_MS = 14 * 24 * 60 * 60_000;

function requesterKey(request: SeatRequest): string {
  return request.state === "FAILED" ? `requester:FAILED:${request.attempt}` : `requester:${request.state}`;
}

/** Each approver is asked once: the first under `manager:ask`, each one a forward named after the forward. */
function askKey(request: SeatRequest): string {
  const forwards = request.forwardedFrom?.length ?? 0;
  return forwards === 0 ? "manager:ask" : `manager:ask:${forwards}`;
}

/** The admins who get an escalated request: not its requester, nor its approver, who already has it. */
export function escalationRecipients(request: SeatRequest, adminIds: readonly string[]): string[] {
  if (!request.escalatedAt) return [];
  return adminIds.filter((id) => id !== request.requesterId && id !== request.managerId);
}

/**
 * The messages a waiting request's reminders, escalation and forwards owe people, keyed by the history entry that
 * caused them, so each goes out once however often its job or the sweep runs.
 */
function waitingMessages(request: SeatRequest, adminIds: readonly string[]): string[] {
  const keys: string[] = [];
  for (const entry of request.history) {
    if (entry.action === "reminded") keys.push(`manager:remind:${entry.seq}`, `requester:reminded:${entry.seq}`);
    if (entry.action === "forwarded") keys.push(`requester:forwarded:${entry.seq}`);
  }
  for (const adminId of escalationRecipients(request, adminIds)) keys.push(`admin:${adminId}:escalated`);
  return keys;
}

/**
 * The messages a person must get for the request's current state. The maintenance sweep looks for requests where one
 * of them was not confirmed by Slack; the manager's redraw is not among them, because it only mirrors the state.
 */
function requiredMessages(request: SeatRequest, adminIds: readonly string[]): string[] {
  switch (request.state) {
    case "VALIDATING":
    case "APPROVED":
      return [];
    case "PENDING":
      // A grant is approved by the admin who filed it; there is no manager to ask. Its job moves it on.
      return request.kind === "grant"
        ? []
        : [askKey(request), "requester:PENDING", ...waitingMessages(request, adminIds)];
    case "FAILED":
      return [requesterKey(request), ...adminIds.map((id) => `admin:${id}:FAILED:${request.attempt}`)];
    case "ENDING":
      return [];
    case "ENDED":
      return seatEndMessages(request, adminIds);
    default:
      return [requesterKey(request)];
  }
}

/**
 * A seat whose term ended: its holder and approver are told, and the admins too when GitHub could not cancel it
 * because it comes through a team. A seat its holder released was answered when they released it.
 */
function seatEndMessages(request: SeatRequest, adminIds: readonly string[]): string[] {
  if (request.seatEnd?.reason !== "term") return [];
  const admins = request.seatEnd.throughTeam || request.seatEnd.noSeat ? adminIds.map((id) => `admin:${id}:ENDED`) : [];
  return ["requester:ENDED", "approver:ENDED", ...admins];
}

/** Whether Slack confirmed every message the current state needs (the maintenance sweep finds those it did not). */
export function isFullyAnnounced(request: SeatRequest, adminIds: readonly string[] = []): boolean {
  const sent = new Set(request.notified ?? []);
  return requiredMessages(request, adminIds).every((key) => sent.has(key));
}

/**
 * Tells everyone involved what the request's current state means for them. Safe to run again after a crash or a
 * redelivered job: each message is leased before it is sent and counts as sent only once Slack confirmed it, so none
 * goes out twice and none is lost. Each message is tried even when another failed; the requester's outcome never
 * waits on the manager's redraw. Any failure that may pass is rethrown at the end so the queue delivers the job again.
 */
export async function announceRequest(announced: SeatRequest, deps: AnnounceDependencies): Promise<void> {
  let request = announced;
  const failures: unknown[] = [];
  const attempt = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      failures.push(error);
    }
  };
  const once = (key: string, send: () => Promise<void>) => attempt(() => sendOnce(request, key, send, deps));

  switch (request.state) {
    case "VALIDATING":
    case "APPROVED":
      break;
    case "PENDING":
      if (request.kind === "grant") break;
      await once(askKey(request), async () => {
        const ref = await deps.notifier.askManager(request);
        await deps.store.setManagerMessage(request.id, ref);
        request = { ...request, managerMessage: ref };
      });
      await once("requester:PENDING", () => deps.notifier.tellRequester(request));
      await announceWaitingSteps(request, deps, once);
      break;
    case "FAILED":
      await once(requesterKey(request), () => deps.notifier.tellRequester(request));
      for (const adminId of deps.adminIds) {
        await once(`admin:${adminId}:FAILED:${request.attempt}`, () =>
          deps.notifier.tellAdminsOfFailure(request, adminId),
        );
      }
      break;
    case "ENDING":
      break;
    case "ENDED": {
      const ended = request;
      const audienceOf = (key: string) =>
        key === "requester:ENDED" ? "holder" : key === "approver:ENDED" ? "approver" : "admin";
      const recipientOf = (key: string) =>
        key === "requester:ENDED"
          ? ended.requesterId
          : key === "approver:ENDED"
            ? (ended.decidedBy ?? ended.managerId)
            : (key.split(":")[1] ?? "");
      for (const key of seatEndMessages(ended, deps.adminIds)) {
        await once(key, () =>
          deps.notifier.tellAboutSeat(recipientOf(key), { kind: "ended", request: ended, audience: audienceOf(key) }),
        );
      }
      break;
    }
    default:
      await once(requesterKey(request), () => deps.notifier.tellRequester(request));
  }
  // The manager's approval message has one writer, the worker, which redraws it from the stored state last. A waiting
  // request is redrawn only once a reminder, escalation or forward changed what it says; it is read again first, as
  // the messages above may have added copies of it.
  if (request.state !== "VALIDATING" && request.state !== "PENDING") {
    await attempt(() => redrawManagerMessage(request, deps));
  } else if (request.state === "PENDING" && request.history.some((entry) => WAITING_ACTIONS.has(entry.action))) {
    await attempt(async () => redrawManagerMessage((await deps.store.get(request.id)) ?? request, deps));
  }
  await refreshHomes(request, deps);
  await writePendingAudit(request, deps);

  const retryable = failures.filter((error) => !isPermanent(error));
  if (retryable.length > 0) throw retryable[0];
}

/**
 * Decisions and filings recorded on Slack's clock leave their audit items to the job that follows them; this is that
 * job. A failure here is repaired by the maintenance sweep, so it does not fail the job.
 */
async function writePendingAudit(request: SeatRequest, deps: AnnounceDependencies): Promise<void> {
  if ((request.projectedSeq ?? 0) >= request.history.length) return;
  try {
    await deps.store.projectHistory(request);
  } catch (error) {
    deps.log.warn("Could not write a request's audit items; the maintenance sweep will", {
      requestId: request.id,
      error,
    });
  }
}

/** Reminders (in the approval message's thread, and to the requester), forwards and the escalation to admins. */
async function announceWaitingSteps(
  request: SeatRequest,
  deps: AnnounceDependencies,
  once: (key: string, send: () => Promise<void>) => Promise<void>,
): Promise<void> {
  for (const entry of request.history) {
    if (entry.action === "reminded") {
      await once(`manager:remind:${entry.seq}`, () => deps.notifier.remindManager(request));
      await once(`requester:reminded:${entry.seq}`, () => deps.notifier.tellRequesterOf(request, "reminded"));
    }
    if (entry.action === "forwarded") {
      await once(`requester:forwarded:${entry.seq}`, () => deps.notifier.tellRequesterOf(request, "forwarded"));
    }
  }
  for (const adminId of escalationRecipients(request, deps.adminIds)) {
    await once(`admin:${adminId}:escalated`, async () => {
      const ref = await deps.notifier.askAdmin(request, adminId);
      await deps.store.addApprovalCopy(request.id, { ...ref, userId: adminId });
    });
  }
}

function isPermanent(error: unknown): boolean {
  return error instanceof MessageNotDeliveredError && error.permanent;
}

async function redrawManagerMessage(request: SeatRequest, deps: AnnounceDependencies): Promise<void> {
  try {
    await deps.notifier.updateManagerMessage(request);
  } catch (error) {
    if (!isPermanent(error)) throw error;
    // The DM was deleted or the bot lost access: the state is recorded and the requester told; nothing to redraw.
    deps.log.warn("The manager's approval message can no longer be updated", { requestId: request.id, error });
  }
}

export async function sendOnce(
  request: SeatRequest,
  key: string,
  send: () => Promise<void>,
  deps: AnnounceDependencies,
): Promise<void> {
  const claim = await deps.store.claimStep(request.id, key, MESSAGE_LEASE_SECONDS);
  if (claim === "done") return;
  if (claim === "busy") throw new StepInProgressError(request.id, key);
  try {
    await send();
  } catch (error) {
    if (isPermanent(error)) {
      // Retrying cannot help (a deactivated person, a conversation the bot may not post to): record it as settled,
      // loudly, instead of trying every quarter of an hour for two weeks.
      deps.log.error("A message could not be delivered and will not be retried", { requestId: request.id, key, error });
      deps.counters.count("NotificationsUndeliverable");
      await deps.store.completeStep(request.id, key);
      return;
    }
    deps.counters.count("NotificationsRetried");
    await deps.store.releaseStep(request.id, key).catch(() => {});
    throw error;
  }
  deps.counters.count("NotificationsSent");
  await deps.store.completeStep(request.id, key);
}

/**
 * The requester, the approver and whoever decided see the new state on their Home tab. Other admins' tabs are
 * redrawn when they open them.
 */
async function refreshHomes(request: SeatRequest, deps: AnnounceDependencies): Promise<void> {
  if (!deps.publishHome || request.state === "VALIDATING") return;
  const viewers = new Set([request.requesterId, request.managerId, ...(request.decidedBy ? [request.decidedBy] : [])]);
  for (const userId of viewers) {
    try {
      await deps.publishHome(userId);
    } catch (error) {
      // A stale Home tab is redrawn the next time it is opened; it must not hold up the request itself.
      deps.log.warn("Could not refresh a Home tab", { userId, error });
    }
  }
}
