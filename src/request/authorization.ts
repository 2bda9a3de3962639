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

/**
 * How many of a person's newest requests are looked through for a seat of theirs: by the Release click and command,
 * the Home tab's Release button, and the worker's release. The same everywhere, so that each agrees with the others.
 */
export const OWN_REQUESTS_READ = 20;

/** What the bot knows makes a seat a person's own: the login they proved, and their own requests. */
export interface OwnSeatEvidence {
  /** The GitHub login the person has proven theirs (an identity link of a proven source), if any. */
  provenLogin?: string;
  /** The person's newest requests, at most `OWN_REQUESTS_READ`, newest first. */
  requests: readonly SeatRequest[];
  /** Another Slack person has proven the login in question theirs; read only when a login is in question. */
  provenByAnother?: boolean;
}

/**
 * A seat the bot assigned through the person's own request (or extended through it) and has not ended: not a grant,
 * which an admin files for someone else's login.
 */
function heldThroughOwnRequest(request: SeatRequest): boolean {
  return request.kind !== "grant" && (request.state === "ASSIGNED" || request.state === "ENDING");
}

/**
 * The login of a seat a person may give back themselves: the login they proved theirs, or else the login of a seat
 * the bot assigned through their own request. A login they only typed is not enough: anyone can type a colleague's
 * login into a request, and must not be able to cancel the colleague's seat with it.
 */
export function releasableLogin(evidence: OwnSeatEvidence): string | undefined {
  return evidence.provenLogin ?? evidence.requests.find(heldThroughOwnRequest)?.githubLogin;
}

/**
 * Whether the seat of `githubLogin` is one the person may give back (see `releasableLogin`). A login someone else
 * has proven is theirs, whatever an old request of this person's says.
 */
export function mayReleaseSeat(githubLogin: string, evidence: OwnSeatEvidence): boolean {
  const login = githubLogin.toLowerCase();
  if (evidence.provenLogin?.toLowerCase() === login) return true;
  if (evidence.provenByAnother) return false;
  return evidence.requests.some(
    (request) => heldThroughOwnRequest(request) && request.githubLogin.toLowerCase() === login,
  );
}
