import type { RequestNotifier, RequestStore } from "./ports.js";
import type { SeatRequest } from "./seat-request.js";

export interface AnnounceDependencies {
  store: RequestStore;
  notifier: RequestNotifier;
  adminIds: readonly string[];
  /** Redraws a person's Home tab; optional because the Home tab is a convenience, not the record. */
  publishHome?: (userId: string) => Promise<void>;
}

/**
 * Tells everyone involved what the request's current state means for them. Safe to run again after a crash or a
 * redelivered job: each message is claimed before it is sent (and released if sending fails), so none goes out twice,
 * while the manager's message is simply redrawn.
 */
function requesterKey(request: SeatRequest): string {
  return request.state === "FAILED" ? `requester:FAILED:${request.attempt}` : `requester:${request.state}`;
}

/** Whether everyone the current state concerns has been told (the maintenance sweep finds those who were not). */
export function isFullyAnnounced(request: SeatRequest): boolean {
  const sent = new Set(request.notified ?? []);
  switch (request.state) {
    case "VALIDATING":
    case "APPROVED":
      return true;
    case "PENDING":
      return request.kind === "grant" || (sent.has("manager:ask") && sent.has("requester:PENDING"));
    default:
      return sent.has(requesterKey(request));
  }
}

export async function announceRequest(request: SeatRequest, deps: AnnounceDependencies): Promise<void> {
  await sendAnnouncements(request, deps);
  await refreshHomes(request, deps);
}

/**
 * The requester, the approver and whoever decided see the new state on their Home tab. Other admins' tabs (which
 * also read the whole subscription from GitHub) are redrawn when they open them.
 */
async function refreshHomes(request: SeatRequest, deps: AnnounceDependencies): Promise<void> {
  if (!deps.publishHome || request.state === "VALIDATING") return;
  const viewers = new Set([request.requesterId, request.managerId, ...(request.decidedBy ? [request.decidedBy] : [])]);
  for (const userId of viewers) {
    try {
      await deps.publishHome(userId);
    } catch (error) {
      // A stale Home tab is redrawn the next time it is opened; it must not hold up the request itself.
      console.warn(`Could not refresh the Home tab of ${userId}`, error);
    }
  }
}

async function sendAnnouncements(request: SeatRequest, deps: AnnounceDependencies): Promise<void> {
  const once = (key: string, send: () => Promise<void>) => sendOnce(deps.store, request.id, key, send);
  switch (request.state) {
    case "VALIDATING":
      return;
    case "PENDING":
      // A grant is approved by the admin who filed it; there is no manager to ask.
      if (request.kind === "grant") return;
      await once("manager:ask", async () => {
        const ref = await deps.notifier.askManager(request);
        await deps.store.setManagerMessage(request.id, ref);
      });
      await once("requester:PENDING", () => deps.notifier.tellRequester(request));
      return;
    case "APPROVED":
      await deps.notifier.updateManagerMessage(request);
      return;
    case "FAILED":
      await deps.notifier.updateManagerMessage(request);
      await once(requesterKey(request), () => deps.notifier.tellRequester(request));
      for (const adminId of deps.adminIds) {
        await once(`admin:${adminId}:FAILED:${request.attempt}`, () =>
          deps.notifier.tellAdminsOfFailure(request, adminId),
        );
      }
      return;
    case "ASSIGNED":
    case "DENIED":
    case "REJECTED":
      await deps.notifier.updateManagerMessage(request);
      await once(requesterKey(request), () => deps.notifier.tellRequester(request));
      return;
  }
}

async function sendOnce(store: RequestStore, requestId: string, key: string, send: () => Promise<void>) {
  if (!(await store.claimNotification(requestId, key))) return;
  try {
    await send();
  } catch (error) {
    await store.releaseNotification(requestId, key);
    throw error;
  }
}
