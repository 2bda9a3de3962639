import { type AdminAction, NotAuthorizedError } from "./errors.js";
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
    throw new NotAuthorizedError({ rule: "own-request", managerId: request.managerId });
  }
  if (actorId !== request.managerId && !admins.isAdmin(actorId)) {
    throw new NotAuthorizedError({ rule: "approver-only", managerId: request.managerId });
  }
}

/** `action` is what only admins may do, or the admin subcommand that was typed. */
export function assertAdmin(actorId: string, admins: Admins, action: AdminAction | { subcommand: string }): void {
  if (!admins.isAdmin(actorId)) {
    throw new NotAuthorizedError(
      typeof action === "string" ? { rule: "admin-only", action } : { rule: "admin-subcommand", ...action },
    );
  }
}
