import type { IdentityLink } from "./identity-link.js";

/** Something about identities the person who caused it can act on; `code` tells the cases apart. */
export class IdentityError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "IdentityError";
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
    super("IDENTITY_CONFLICT", `The GitHub login ${githubLogin} is already linked to another Slack person.`);
    this.name = "IdentityConflictError";
  }
}

/** The store lost a race for a login's reverse item to another Slack person between reading and writing it. */
export class LoginHeldError extends IdentityError {
  constructor(
    readonly githubLogin: string,
    readonly heldBySlackUserId: string,
  ) {
    super("LOGIN_HELD", `The GitHub login ${githubLogin} is held by ${heldBySlackUserId}.`);
    this.name = "LoginHeldError";
  }
}

/** The person's link changed between reading and writing it (a second sign-in at the same moment). */
export class LinkChangedError extends IdentityError {
  constructor(readonly slackUserId: string) {
    super("LINK_CHANGED", `The identity link of ${slackUserId} changed while it was being written.`);
    this.name = "LinkChangedError";
  }
}

/** GitHub refused the sign-in's code (used, expired, or for another redirect) or answered without an account. */
export class SignInRefusedError extends IdentityError {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super("SIGN_IN_REFUSED", `GitHub did not confirm the sign-in: ${reason}.`, options);
    this.name = "SignInRefusedError";
  }
}
