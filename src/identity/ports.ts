import type { Clock, Log } from "../request/ports.js";
import type { IdentityConflictError } from "./errors.js";
import type { IdentityLink, IdentitySource } from "./identity-link.js";

export type IdentityAuditAction = "identity-linked" | "identity-disconnected" | "identity-conflict";

export interface IdentityAuditEntry {
  at: string;
  /** The Slack person who acted: the one who signed in or disconnected, an admin, or `system` for a sync. */
  actorId: string;
  action: IdentityAuditAction;
  /** The Slack person whose link changed. */
  slackUserId: string;
  githubLogin: string;
  detail?: string;
}

/**
 * Where links live. Each Slack person has at most one link; a proven GitHub login belongs to at most one Slack person.
 */
export interface IdentityLinkStore {
  linkOf(slackUserId: string): Promise<IdentityLink | undefined>;
  /** The Slack person holding a proven login; only links that point back to the login count. */
  linkOfLogin(githubLogin: string): Promise<IdentityLink | undefined>;
  /**
   * Writes `link`, which replaces `previous` (what `linkOf` returned; undefined when there was none). A proven link
   * also takes the login's reverse entry. Throws `LoginHeldError` when another Slack person holds the login, and
   * `LinkChangedError` when the person's link is no longer `previous`.
   */
  saveLink(link: IdentityLink, previous: IdentityLink | undefined): Promise<void>;
  /** Removes the person's link (and its reverse entry); returns what was removed. */
  removeLink(slackUserId: string): Promise<IdentityLink | undefined>;
  /** Appends to the audit trail that `/copilot audit` reads. */
  recordIdentityChange(entry: IdentityAuditEntry): Promise<void>;
  /**
   * Remembers that the admins are being told that `claimedBy` claims a login `heldBy` holds. True when this is news
   * (no conflict on the login was told before, or it was between other people); false when exactly this one was told
   * already, so a daily sync that finds it again stays quiet.
   */
  noteConflict(githubLogin: string, claimedBy: string, heldBy: string, at: string): Promise<boolean>;
  /** Forgets a conflict noted by `noteConflict` whose telling failed, so that the next run tells it again. */
  forgetConflict(githubLogin: string, claimedBy: string, heldBy: string): Promise<void>;
}

/** Once-only use of a sign-in `state`: true the first time a nonce is used, false ever after (until it expires). */
export interface StateNonces {
  useOnce(nonce: string, expiresAt: Date): Promise<boolean>;
}

/** Tells the Copilot admins about a conflict a person must resolve; the adapter words it for its surface. */
export interface ConflictNotifier {
  tellAdmins(conflict: IdentityConflictError): Promise<void>;
}

export interface IdentityDependencies {
  links: IdentityLinkStore;
  clock: Clock;
  log: Log;
  notifier?: ConflictNotifier;
  /** `IDENTITY_SOURCES`, strongest first; the built-in order when absent. */
  sourceOrder?: readonly IdentitySource[];
}

/** The GitHub account a person signed in with. */
export interface GitHubAccount {
  login: string;
  id: number;
}

/** GitHub's side of "Connect your GitHub account" (the OAuth web flow of the bot's GitHub App). */
export interface GitHubSignIn {
  /**
   * Exchanges the code GitHub sent back for a user token, reads whose account it is (`GET /user`, once) and drops the
   * token: the bot never stores or reuses it. Throws `SignInRefusedError` when GitHub refuses the code.
   */
  accountFor(code: string, redirectUri: string): Promise<GitHubAccount>;
}
