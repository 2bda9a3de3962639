import { mapWithConcurrency } from "../bounded-concurrency.js";
import { IdentityConflictError } from "./errors.js";
import type { IdentityDependencies } from "./ports.js";
import { recordIdentity } from "./record-link.js";

/** A GitHub account an identity provider (or GitHub's verified domains) ties to email addresses. */
export interface ExternalIdentity {
  githubLogin: string;
  githubId?: number;
  emails: string[];
}

export interface ExternalIdentityPage {
  identities: ExternalIdentity[];
  /** Absent on the last page. */
  nextCursor?: string;
  /** The organization has no such source at all (no SAML set up): nothing to sync from it. */
  absent?: boolean;
}

/** Where a sync reads identities from, a page at a time (GitHub's GraphQL connections). */
export interface ExternalIdentitySource {
  readonly source: "saml" | "verified-email";
  page(cursor: string | undefined): Promise<ExternalIdentityPage>;
}

/** Slack people by email: the directory a sync pass read and kept (see `sync-pass.ts`). */
export interface SlackPeopleByEmail {
  slackUserIdByEmail(email: string): Promise<string | undefined>;
}

/** Where a sync that ran out of time left off, so the next invocation goes on from there. */
export interface SyncProgress {
  cursorOf(source: string): Promise<string | undefined>;
  /** `undefined` when the sync reached the end: the next run starts from the beginning. */
  saveCursor(source: string, cursor: string | undefined): Promise<void>;
}

export interface SyncDependencies extends IdentityDependencies {
  identities: ExternalIdentitySource;
  people: SlackPeopleByEmail;
  progress: SyncProgress;
  /** False when the invocation must stop and leave the rest to the next one. */
  hasTimeLeft: () => boolean;
}

export interface SyncReport {
  /** True when the sync reached the last page in this invocation. */
  done: boolean;
  /** The organization has no such source (no SAML): the next source in `IDENTITY_SOURCES` is used instead. */
  absent?: boolean;
  pages: number;
  linked: number;
  confirmed: number;
  /** Already linked to the person from a stronger source (a sign-in); left alone. */
  keptStronger: number;
  /** Proven by another Slack person; the admins were told. */
  conflicts: number;
  /** No Slack person has any of the identity's emails. */
  unmatched: number;
}

/**
 * Matches an identity provider's GitHub accounts to Slack people by email and records the links, one page at a time.
 * The cursor is saved after every page, so a sync of 50,000 identities spreads over as many invocations as it needs:
 * each goes on where the last stopped. A page done twice (an invocation that died before saving) only confirms the
 * same links again.
 */
export async function syncIdentities(deps: SyncDependencies): Promise<SyncReport> {
  const report: SyncReport = {
    done: false,
    pages: 0,
    linked: 0,
    confirmed: 0,
    keptStronger: 0,
    conflicts: 0,
    unmatched: 0,
  };
  const { source } = deps.identities;
  let cursor = await deps.progress.cursorOf(source);
  while (deps.hasTimeLeft()) {
    const page = await deps.identities.page(cursor);
    if (page.absent) {
      report.absent = true;
      report.done = true;
      await deps.progress.saveCursor(source, undefined);
      break;
    }
    // The lookups are reads, done a few at a time; the links are written one after the other, as before, so two
    // identities of one page that name the same person never race.
    const people = await mapWithConcurrency(page.identities, LOOKUPS_AT_ONCE, (identity) =>
      slackUserOf(identity, deps),
    );
    for (const [i, identity] of page.identities.entries()) await syncOne(identity, people[i], source, deps, report);
    report.pages += 1;
    cursor = page.nextCursor;
    await deps.progress.saveCursor(source, cursor);
    if (!cursor) {
      report.done = true;
      break;
    }
  }
  deps.log.info("Identity sync stopped", { source, ...report });
  return report;
}

export interface SourcesSyncReport {
  /** The source that was synced; absent when none of them is set up for the organization. */
  source?: ExternalIdentitySource["source"];
  report?: SyncReport;
  /** Sources the organization does not have, tried before. */
  absent: ExternalIdentitySource["source"][];
}

/**
 * The scheduled sync: the organization's identity provider if it has one (SAML), else GitHub's verified-domain emails,
 * in the order `IDENTITY_SOURCES` lists them (`sources` comes in that order, without the ones it leaves out). Only the
 * first source the organization has is synced: SAML, when set up, is the organization's own word on who is who, and
 * verified-domain emails are the fallback for organizations without it.
 */
export async function syncIdentitySources(
  sources: readonly ExternalIdentitySource[],
  deps: Omit<SyncDependencies, "identities">,
): Promise<SourcesSyncReport> {
  const absent: ExternalIdentitySource["source"][] = [];
  for (const identities of sources) {
    if (!deps.hasTimeLeft()) break;
    const report = await syncIdentities({ ...deps, identities });
    if (!report.absent) return { source: identities.source, report, absent };
    absent.push(identities.source);
  }
  deps.log.info("No identity source to sync", { absent });
  return { absent };
}

/** Directory lookups in flight at once while a page of identities is matched. */
const LOOKUPS_AT_ONCE = 25;

/** The Slack person with the first of the identity's emails that one has. */
async function slackUserOf(identity: ExternalIdentity, deps: SyncDependencies): Promise<string | undefined> {
  for (const email of identity.emails) {
    const slackUserId = await deps.people.slackUserIdByEmail(email);
    if (slackUserId) return slackUserId;
  }
  return undefined;
}

async function syncOne(
  identity: ExternalIdentity,
  slackUserId: string | undefined,
  source: ExternalIdentitySource["source"],
  deps: SyncDependencies,
  report: SyncReport,
): Promise<void> {
  if (!slackUserId) {
    report.unmatched += 1;
    return;
  }
  try {
    const outcome = await recordIdentity(
      {
        slackUserId,
        githubLogin: identity.githubLogin,
        ...(identity.githubId ? { githubId: identity.githubId } : {}),
        source,
      },
      "system",
      deps,
    );
    if (outcome.kind === "linked") report.linked += 1;
    else if (outcome.kind === "confirmed") report.confirmed += 1;
    else report.keptStronger += 1;
  } catch (error) {
    // Recorded, logged and told to the admins by `recordIdentity`; the sync goes on with everyone else.
    if (!(error instanceof IdentityConflictError)) throw error;
    report.conflicts += 1;
  }
}
