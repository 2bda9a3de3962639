import { mention } from "../slack/mrkdwn.js";
import { NotAuthorizedError } from "./errors.js";
import type { SeatRequest } from "./seat-request.js";

export interface Admins {
  isAdmin(slackUserId: string): boolean;
}

export function adminsFrom(ids: readonly string[]): Admins {
  const set = new Set(ids);
  return { isAdmin: (id) => set.has(id) };
}

/**
 * Checked at click time, not when the buttons were drawn: a message can be forwarded, and admins change.
 * The requester never decides their own request, even when they are an admin.
 */
export function assertMayDecide(request: SeatRequest, actorId: string, admins: Admins): void {
  if (actorId === request.requesterId) {
    throw new NotAuthorizedError(`You can't decide your own request. It waits on ${mention(request.managerId)}.`);
  }
  if (actorId !== request.managerId && !admins.isAdmin(actorId)) {
    throw new NotAuthorizedError(
      `Only ${mention(request.managerId)} (the manager named in this request) or a Copilot admin can decide it. Nothing was changed.`,
    );
  }
}

export function assertAdmin(actorId: string, admins: Admins, what: string): void {
  if (!admins.isAdmin(actorId)) {
    throw new NotAuthorizedError(`Only Copilot admins can ${what}. Ask one of them if you need this done.`);
  }
}
