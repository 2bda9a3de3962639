import { problemLogLine } from "../seat/github-failure.js";
import type { IdentityLink } from "./identity-link.js";

/** The facts of each identity problem, by code: Slack user IDs and GitHub logins, raw. */
export interface IdentityProblemParams {
  IDENTITY_CONFLICT: { githubLogin: string; claimedBy: string };
  LOGIN_HELD: { githubLogin: string; heldBySlackUserId: string };
  LINK_CHANGED: { slackUserId: string };
  SIGN_IN_REFUSED: { reason: string };
}

export type IdentityProblemCode = keyof IdentityProblemParams;

export type IdentityProblem = {
  [C in IdentityProblemCode]: { code: C; params: IdentityProblemParams[C] };
}[IdentityProblemCode];

/**
 * Something about identities the person who caused it can act on. `problem` tells the cases apart with their facts;
 * `message` is a plain line for logs.
 */
export class IdentityError extends Error {
  readonly code: IdentityProblemCode;

  constructor(
    readonly problem: IdentityProblem,
    options?: { cause?: unknown },
  ) {
    super(problemLogLine(problem), options);
    this.name = "IdentityError";
    this.code = problem.code;
  }
}

/**
 * A proven GitHub login is already held by another Slack person. Never resolved silently: the existing link stays,
 * the new one is refused, and the admins are told so that a person decides.
 */
export class IdentityConflictError extends IdentityError {
  constructor(
    readonly githubLogin: string,
    readonly claimedBy: string,
    readonly heldBy: IdentityLink | undefined,
  ) {
    super({ code: "IDENTITY_CONFLICT", params: { githubLogin, claimedBy } });
    this.name = "IdentityConflictError";
  }
}

/** The store lost a race for a login's reverse item to another Slack person between reading and writing it. */
export class LoginHeldError extends IdentityError {
  constructor(
    readonly githubLogin: string,
    readonly heldBySlackUserId: string,
  ) {
    super({ code: "LOGIN_HELD", params: { githubLogin, heldBySlackUserId } });
    this.name = "LoginHeldError";
  }
}

/** The person's link changed between reading and writing it (a second sign-in at the same moment). */
export class LinkChangedError extends IdentityError {
  constructor(readonly slackUserId: string) {
    super({ code: "LINK_CHANGED", params: { slackUserId } });
    this.name = "LinkChangedError";
  }
}

/** GitHub refused the sign-in's code (used, expired, or for another redirect) or answered without an account. */
export class SignInRefusedError extends IdentityError {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super({ code: "SIGN_IN_REFUSED", params: { reason } }, options);
    this.name = "SignInRefusedError";
  }
}
