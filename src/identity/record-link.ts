import { IdentityConflictError, LoginHeldError } from "./errors.js";
import { type IdentityLink, type IdentitySource, isProven, sameLogin, sourceStrength } from "./identity-link.js";
import type { IdentityDependencies } from "./ports.js";

export interface ObservedIdentity {
  slackUserId: string;
  githubLogin: string;
  githubId?: number;
  source: IdentitySource;
}

export type RecordOutcome =
  /** The person had no link, a different one, or this one from a weaker source, and now has this one. */
  | { kind: "linked"; link: IdentityLink; replaced?: IdentityLink }
  /** The same account from the same or a weaker source again: only `lastConfirmedAt` moved. */
  | { kind: "confirmed"; link: IdentityLink }
  /** The person already has a link from a stronger source, which stays. */
  | { kind: "kept-stronger"; link: IdentityLink };

/**
 * Records that `observed.slackUserId` owns `observed.githubLogin`, as a source says. A stronger source replaces a
 * weaker one; a weaker one never replaces a stronger one. A proven login that another Slack person already holds is a
 * conflict: nothing changes, the audit trail records it, the admins are told, and `IdentityConflictError` is thrown.
 * `actorId` is who acted (the person who signed in, or `system` for a sync).
 */
export async function recordIdentity(
  observed: ObservedIdentity,
  actorId: string,
  deps: IdentityDependencies,
): Promise<RecordOutcome> {
  const now = deps.clock.now().toISOString();
  const previous = await deps.links.linkOf(observed.slackUserId);
  const sameAccount = previous !== undefined && sameLogin(previous.githubLogin, observed.githubLogin);
  if (
    previous &&
    sourceStrength(previous.source, deps.sourceOrder) > sourceStrength(observed.source, deps.sourceOrder) &&
    !sameAccount
  ) {
    return { kind: "kept-stronger", link: previous };
  }
  if (isProven(observed.source)) {
    const holder = await deps.links.linkOfLogin(observed.githubLogin);
    if (holder && holder.slackUserId !== observed.slackUserId) {
      throw await conflict(observed, actorId, holder, deps);
    }
  }
  const strongest =
    previous &&
    sameAccount &&
    sourceStrength(previous.source, deps.sourceOrder) > sourceStrength(observed.source, deps.sourceOrder)
      ? previous.source
      : observed.source;
  const link: IdentityLink = {
    slackUserId: observed.slackUserId,
    githubLogin: observed.githubLogin,
    ...((observed.githubId ?? previous?.githubId) !== undefined
      ? { githubId: observed.githubId ?? previous?.githubId }
      : {}),
    source: strongest,
    linkedAt: sameAccount && previous ? previous.linkedAt : now,
    lastConfirmedAt: now,
  };
  try {
    await deps.links.saveLink(link, previous);
  } catch (error) {
    if (error instanceof LoginHeldError) {
      // Another person's sign-in took the login between our read and our write.
      throw await conflict(observed, actorId, await deps.links.linkOfLogin(observed.githubLogin), deps);
    }
    throw error;
  }
  // The same account from a stronger source than before (typed, now signed in) is news for the audit trail.
  if (sameAccount && link.source === previous?.source) return { kind: "confirmed", link };
  await deps.links.recordIdentityChange({
    at: now,
    actorId,
    action: "identity-linked",
    slackUserId: link.slackUserId,
    githubLogin: link.githubLogin,
    detail: previous ? `${link.source}, replacing ${previous.githubLogin} (${previous.source})` : link.source,
  });
  return { kind: "linked", link, ...(previous ? { replaced: previous } : {}) };
}

async function conflict(
  observed: ObservedIdentity,
  actorId: string,
  holder: IdentityLink | undefined,
  deps: IdentityDependencies,
): Promise<IdentityConflictError> {
  const error = new IdentityConflictError(observed.githubLogin, observed.slackUserId, holder);
  const at = deps.clock.now().toISOString();
  const heldBy = holder?.slackUserId ?? "unknown";
  // A daily sync finds the same conflict every day until a person settles it: the admins hear of it (and the audit
  // trail records it) once, and again only when it changes. The note is a conditional write, so two runs at once
  // cannot both tell.
  if (!(await deps.links.noteConflict(observed.githubLogin, observed.slackUserId, heldBy, at))) {
    deps.log.info("Identity conflict found again; the admins were told already", {
      githubLogin: observed.githubLogin,
      claimedBy: observed.slackUserId,
      heldBy,
    });
    return error;
  }
  await deps.links.recordIdentityChange({
    at,
    actorId,
    action: "identity-conflict",
    slackUserId: observed.slackUserId,
    githubLogin: observed.githubLogin,
    detail: `${observed.source}; already linked to ${holder?.slackUserId ?? "another Slack person"}`,
  });
  deps.log.warn("Identity conflict: a proven GitHub login is claimed by a second Slack person", {
    githubLogin: observed.githubLogin,
    claimedBy: observed.slackUserId,
    heldBy: holder?.slackUserId,
  });
  // Telling the admins is best effort: the person still gets their answer, and the audit trail has the conflict. A
  // failed telling is forgotten, so the next sync (or sign-in) tells it again.
  if (deps.notifier) {
    try {
      await deps.notifier.tellAdmins(error);
    } catch (cause) {
      deps.log.error("Could not tell the admins about an identity conflict", { error: String(cause) });
      await deps.links.forgetConflict(observed.githubLogin, observed.slackUserId, heldBy).catch(() => {});
    }
  }
  return error;
}

/** `/copilot disconnect`: removes the person's link and records who removed it. */
export async function disconnectIdentity(
  slackUserId: string,
  actorId: string,
  deps: IdentityDependencies,
): Promise<IdentityLink | undefined> {
  const removed = await deps.links.removeLink(slackUserId);
  if (removed) {
    await deps.links.recordIdentityChange({
      at: deps.clock.now().toISOString(),
      actorId,
      action: "identity-disconnected",
      slackUserId,
      githubLogin: removed.githubLogin,
      detail: removed.source,
    });
  }
  return removed;
}
