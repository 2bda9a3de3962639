import { isGitHubLogin, isSlackUserId } from "../identifiers.js";

/**
 * How the bot knows that a GitHub account belongs to a Slack person, strongest first: the person signed in with
 * GitHub (`oauth`); the organization's SAML identity provider names them (`saml`); GitHub verified an email of the
 * organization's domain that Slack also has (`verified-email`); or they only typed the login (`typed`, unproven).
 */
export const IDENTITY_SOURCES = ["oauth", "saml", "verified-email", "typed"] as const;
export type IdentitySource = (typeof IDENTITY_SOURCES)[number];

/** The sources that prove an account is the person's; only these may hold a GitHub login against everyone else. */
export const PROVEN_SOURCES: ReadonlySet<IdentitySource> = new Set(["oauth", "saml", "verified-email"]);

export function isIdentitySource(value: unknown): value is IdentitySource {
  return typeof value === "string" && (IDENTITY_SOURCES as readonly string[]).includes(value);
}

/**
 * Higher is stronger; a link from a stronger source replaces a weaker one, never the other way round. `order` is
 * `IDENTITY_SOURCES` as configured, strongest first; a source left out of it ranks below every listed one.
 */
export function sourceStrength(source: IdentitySource, order: readonly IdentitySource[] = IDENTITY_SOURCES): number {
  const index = order.indexOf(source);
  return index < 0 ? 0 : order.length - index;
}

/**
 * Reads `IDENTITY_SOURCES` (`oauth,saml,verified-email,typed`, strongest first): every name known, none twice, at
 * least one. Returns the order, or the problem in words that say how to fix it.
 */
export function parseIdentitySources(text: string): { order: IdentitySource[] } | { problem: string } {
  const names = text
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.filter((name) => !isIdentitySource(name));
  const twice = names.filter((name, index) => names.indexOf(name) !== index);
  if (names.length === 0 || unknown.length > 0 || twice.length > 0) {
    const what =
      names.length === 0
        ? "is empty"
        : unknown.length > 0
          ? `names unknown sources (${unknown.join(", ")})`
          : `names ${[...new Set(twice)].join(", ")} more than once`;
    return {
      problem: `IDENTITY_SOURCES ${what}: list some of ${IDENTITY_SOURCES.join(", ")}, strongest first, each once (default "${IDENTITY_SOURCES.join(",")}").`,
    };
  }
  return { order: names as IdentitySource[] };
}

export function isProven(source: IdentitySource): boolean {
  return PROVEN_SOURCES.has(source);
}

/** One Slack person's GitHub account, and how and since when the bot knows it. */
export interface IdentityLink {
  slackUserId: string;
  githubLogin: string;
  /** GitHub's numeric user ID: unlike the login, it survives a rename. Absent for typed logins. */
  githubId?: number;
  source: IdentitySource;
  /** When this Slack person was first linked to this GitHub account (kept when the link is confirmed again). */
  linkedAt: string;
  /** When a source last confirmed the link. */
  lastConfirmedAt: string;
}

/** Reads a link back from storage field by field: a stored item is never trusted as a shape. */
export function parseIdentityLink(item: Record<string, unknown>): IdentityLink | undefined {
  const { slackUserId, githubLogin, githubId, source, linkedAt, lastConfirmedAt } = item;
  if (typeof slackUserId !== "string" || !isSlackUserId(slackUserId)) return undefined;
  if (typeof githubLogin !== "string" || !isGitHubLogin(githubLogin)) return undefined;
  if (!isIdentitySource(source) || typeof linkedAt !== "string" || typeof lastConfirmedAt !== "string")
    return undefined;
  return {
    slackUserId,
    githubLogin,
    ...(typeof githubId === "number" && Number.isSafeInteger(githubId) ? { githubId } : {}),
    source,
    linkedAt,
    lastConfirmedAt,
  };
}

export function sameLogin(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
