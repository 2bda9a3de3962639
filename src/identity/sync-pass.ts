import {
  type ExternalIdentitySource,
  type SlackPeopleByEmail,
  type SourcesSyncReport,
  type SyncDependencies,
  syncIdentitySources,
} from "./sync-identities.js";

/** A full member of the workspace (not a bot, guest, deactivated or another workspace's) and their profile email. */
export interface DirectoryPerson {
  slackUserId: string;
  email: string;
}

export interface DirectoryPage {
  /** Only the full members with an email; the page may hold fewer than it was asked for, even none. */
  people: DirectoryPerson[];
  /** Absent on the last page. */
  nextCursor?: string;
}

/**
 * The people directory read a page at a time (Slack's `users.list`). One call answers for up to 200 people, where a
 * lookup by email answers for one: reading the whole directory costs a call per page, not per identity.
 * Throws `DirectoryThrottledError` when asked to slow down and `DirectoryCursorExpiredError` for a cursor it no
 * longer knows.
 */
export interface PeopleDirectory {
  page(cursor: string | undefined): Promise<DirectoryPage>;
}

/** The directory refused a page for now. The pass stops where it is rather than wait inside the function. */
export class DirectoryThrottledError extends Error {
  constructor(options?: { cause?: unknown }) {
    super("The people directory is rate limited; the identity sync goes on at its next run.", options);
    this.name = "DirectoryThrottledError";
  }
}

/** The directory no longer knows a stored cursor: the pass reads the directory again from its start. */
export class DirectoryCursorExpiredError extends Error {
  constructor(options?: { cause?: unknown }) {
    super("The people directory refused the stored cursor; the directory is read again from its start.", options);
    this.name = "DirectoryCursorExpiredError";
  }
}

/**
 * The directory as one pass read it, kept between invocations: a pass reads the directory in one invocation and
 * matches identities against it in the next ones.
 */
export interface PassDirectoryStore {
  remember(passDay: string, people: DirectoryPerson[]): Promise<void>;
  /** Finds people by email among those `remember`ed for this pass only: anyone gone since an older pass is unknown. */
  peopleOfPass(passDay: string): SlackPeopleByEmail;
}

/** One full pass: read the directory, then every identity of the first source the organization has. */
export interface SyncPass {
  /** The day the pass belongs to (`YYYY-MM-DD`), at most one pass a day. */
  day: string;
  phase: "directory" | "identities" | "done";
  /** Where the directory read stopped; absent before the first page. */
  directoryCursor?: string;
  startedAt: string;
  finishedAt?: string;
}

export interface SyncPassStore {
  currentPass(): Promise<SyncPass | undefined>;
  savePass(pass: SyncPass): Promise<void>;
}

export interface SyncPassDependencies extends Omit<SyncDependencies, "identities" | "people"> {
  directory: PeopleDirectory;
  directoryStore: PassDirectoryStore;
  passes: SyncPassStore;
  /** Today's pass day (`YYYY-MM-DD`); a new pass starts only when the last one finished on an earlier day. */
  day: string;
}

export interface SyncPassReport extends SourcesSyncReport {
  day: string;
  /**
   * `already-done`: the day's pass finished before, nothing was done; `directory` / `identities`: the pass stopped in
   * that phase (out of time, or throttled) and goes on at the next run; `done`: the pass finished in this run;
   * `nothing-to-sync`: `IDENTITY_SOURCES` lists no source the sync reads.
   */
  status: "already-done" | "directory" | "identities" | "done" | "nothing-to-sync";
  /** Directory pages read and full members kept in this run. */
  directory: { pages: number; people: number; throttled?: boolean };
}

/**
 * The scheduled identity sync, as often as it is triggered (hourly) but at most one full pass a day. A pass first
 * reads the people directory a page at a time and keeps it (the cursor is saved after every page), then matches the
 * identities of the first source the organization has against it (`syncIdentitySources`, which keeps its own cursor).
 * Each run goes on where the last one stopped and stops when `hasTimeLeft` says so, so a 50,000-person organization
 * finishes its pass over a few runs of the day; the runs after that, until the next day, do nothing.
 */
export async function runSyncPass(
  sources: readonly ExternalIdentitySource[],
  deps: SyncPassDependencies,
): Promise<SyncPassReport> {
  const directory: SyncPassReport["directory"] = { pages: 0, people: 0 };
  if (sources.length === 0) return { day: deps.day, status: "nothing-to-sync", directory, absent: [] };

  let pass = await deps.passes.currentPass();
  if (pass?.phase === "done" && pass.day >= deps.day) {
    deps.log.info("Identity sync: the day's pass is complete", { day: pass.day, finishedAt: pass.finishedAt });
    return { day: pass.day, status: "already-done", directory, absent: [] };
  }
  if (!pass || pass.phase === "done") {
    // A new pass reads every source from its start, whatever an older run (or an older version) left behind.
    for (const { source } of sources) await deps.progress.saveCursor(source, undefined);
    pass = { day: deps.day, phase: "directory", startedAt: deps.clock.now().toISOString() };
    await deps.passes.savePass(pass);
  }

  while (pass.phase === "directory" && deps.hasTimeLeft()) {
    let page: DirectoryPage;
    try {
      page = await deps.directory.page(pass.directoryCursor);
    } catch (error) {
      if (error instanceof DirectoryThrottledError) {
        directory.throttled = true;
        break;
      }
      if (!(error instanceof DirectoryCursorExpiredError) || !pass.directoryCursor) throw error;
      deps.log.warn("Identity sync: the directory cursor expired; reading the directory again", { day: pass.day });
      const { directoryCursor: _expired, ...restarted } = pass;
      pass = restarted;
      continue;
    }
    await deps.directoryStore.remember(pass.day, page.people);
    directory.pages += 1;
    directory.people += page.people.length;
    const { directoryCursor: _read, ...rest } = pass;
    pass = page.nextCursor ? { ...rest, directoryCursor: page.nextCursor } : { ...rest, phase: "identities" };
    await deps.passes.savePass(pass);
  }

  let synced: SourcesSyncReport = { absent: [] };
  if (pass.phase === "identities" && deps.hasTimeLeft()) {
    synced = await syncIdentitySources(sources, { ...deps, people: deps.directoryStore.peopleOfPass(pass.day) });
    const everySourceAbsent = !synced.source && synced.absent.length === sources.length;
    if (synced.report?.done || everySourceAbsent) {
      pass = { ...pass, phase: "done", finishedAt: deps.clock.now().toISOString() };
      await deps.passes.savePass(pass);
    }
  }
  const report: SyncPassReport = { ...synced, day: pass.day, status: pass.phase, directory };
  deps.log.info("Identity sync pass stopped", { day: pass.day, status: report.status, directory });
  return report;
}
