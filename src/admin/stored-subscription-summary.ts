import type { SeatAdministration } from "../admin/ports.js";
import { allSettledOrThrow } from "../bounded-concurrency.js";
import type { Clock, CopilotSeats, Log } from "../request/ports.js";
import type { CopilotSeat } from "../seat/copilot-seat.js";
import { GitHubFailure } from "../seat/github-failure.js";
import { type SubscriptionDetails, type SubscriptionSummary, summarizeSubscription } from "./subscription-summary.js";

/**
 * The subscription summary as stored, so that admin views never list every seat when they open: listing 50,000 seats
 * is 500 GitHub calls. The seat counts are read afresh on every view (one call); the longest-inactive seats come from
 * the last listing, which the maintenance sweep renews when it is old or seats changed since.
 */
export interface StoredSubscriptionSummary {
  /** Absent until the first listing was stored. */
  summary?: SubscriptionSummary;
  /** When the seats behind `summary` were listed (when the listing began). */
  listedAt?: string;
  /** The latest seat change the bot made (assign, revoke, team seats, a term's end); never moves back. */
  seatsChangedAt?: string;
  /** A refresh in progress holds the summary until then, so two do not list at once. */
  refreshingUntil?: string;
}

export interface SubscriptionSummaryStore {
  read(): Promise<StoredSubscriptionSummary | undefined>;
  /**
   * Stores a summary of seats listed at `listedAt`, unless a summary listed at the same time or later is stored
   * already. Whether it was stored. The refresh's claim is left to `releaseRefresh`.
   */
  store(summary: SubscriptionSummary, listedAt: string): Promise<boolean>;
  /** Notes a seat change at `at`, unless a later one is noted already. */
  noteSeatsChanged(at: string): Promise<void>;
  /** Claims the refresh until `until`, unless another claim holds past `now`. Whether it was claimed. */
  claimRefresh(now: string, until: string): Promise<boolean>;
  /** Gives back the claim made until `until`, if it is still that one. */
  releaseRefresh(until: string): Promise<void>;
}

/** Where the summary's facts come from: GitHub's subscription details and its seat list. */
export interface SubscriptionSource {
  getBilling(): Promise<SubscriptionDetails>;
  listAllSeats(): Promise<CopilotSeat[]>;
}

/** The inactive list is renewed at least this often: last activity moves by the day, not the minute. */
export const SUMMARY_MAX_AGE_MS = 6 * 60 * 60_000;
/**
 * After seat changes, a new listing waits this long per page of the last one since that listing began: at most about
 * two seat pages a minute on average (120 calls an hour, under 3% of a token's 5,000), whatever the organization's
 * size. 50,000 seats are renewed at most every 4 hours 10 minutes; 1,000 seats at the next sweep after 5 minutes.
 */
export const LISTING_SPACING_PER_PAGE_MS = 30_000;
/** Longer than any listing takes inside the worker's time limit; a crashed refresh frees the summary after it. */
export const REFRESH_CLAIM_MS = 5 * 60_000;

const SEATS_PER_PAGE = 100;

/** Whether the sweep (or an admin view) should queue a new listing. */
export function summaryRefreshDue(stored: StoredSubscriptionSummary | undefined, now: Date): boolean {
  if (stored?.refreshingUntil && Date.parse(stored.refreshingUntil) > now.getTime()) return false;
  if (!stored?.summary || !stored.listedAt) return true;
  const age = now.getTime() - Date.parse(stored.listedAt);
  if (!(age < SUMMARY_MAX_AGE_MS)) return true;
  const pages = Math.max(1, Math.ceil(stored.summary.seatBreakdown.total / SEATS_PER_PAGE));
  return seatsChangedSince(stored) && age >= pages * LISTING_SPACING_PER_PAGE_MS;
}

function seatsChangedSince(stored: StoredSubscriptionSummary): boolean {
  return Boolean(stored.seatsChangedAt && stored.listedAt && stored.seatsChangedAt >= stored.listedAt);
}

/** Only what the views show of a seat, so the item stays a few kilobytes (DynamoDB's limit is 400 KB). */
function shownSeat(seat: CopilotSeat): CopilotSeat {
  return {
    login: seat.login,
    createdAt: seat.createdAt,
    ...(seat.lastActivityAt ? { lastActivityAt: seat.lastActivityAt } : {}),
    ...(seat.assigningTeam ? { assigningTeam: seat.assigningTeam } : {}),
  };
}

export interface SummaryRefreshDependencies {
  source: SubscriptionSource;
  summaries: SubscriptionSummaryStore;
  clock: Clock;
  log: Log;
}

export type SummaryRefreshOutcome = "stored" | "already-current" | "refreshing-elsewhere" | "newer-stored" | "failed";

/**
 * Lists every seat and stores the summary, when it is due. Claimed first, so that the sweep's job, a redelivery and
 * an admin view asking at the same time list once; a job that finds the summary current again (a duplicate, or one
 * that waited in the queue behind another) lists nothing; stored conditionally, so that a slow listing never replaces
 * a newer one.
 */
export async function refreshSubscriptionSummary(
  deps: SummaryRefreshDependencies,
  delivery: { finalAttempt: boolean } = { finalAttempt: false },
): Promise<SummaryRefreshOutcome> {
  const listedAt = deps.clock.now();
  if (!summaryRefreshDue(await deps.summaries.read(), listedAt)) return "already-current";
  const claimedUntil = new Date(listedAt.getTime() + REFRESH_CLAIM_MS).toISOString();
  if (!(await deps.summaries.claimRefresh(listedAt.toISOString(), claimedUntil))) return "refreshing-elsewhere";
  let details: SubscriptionDetails;
  let seats: CopilotSeat[];
  try {
    [details, seats] = await allSettledOrThrow([deps.source.getBilling(), deps.source.listAllSeats()]);
  } catch (error) {
    // Given back at once, so the next delivery or sweep lists without waiting out the claim.
    await deps.summaries.releaseRefresh(claimedUntil).catch(() => {});
    // Retried by the queue while that can help; otherwise the views keep the last listing and the sweep asks again.
    if (error instanceof GitHubFailure && error.retryable && !delivery.finalAttempt) throw error;
    deps.log.warn("Could not list the Copilot seats for the stored summary; the next sweep tries again", { error });
    return "failed";
  }
  const summary = summarizeSubscription(details, seats);
  const stored = await deps.summaries.store(
    { ...summary, longestInactive: summary.longestInactive.map(shownSeat) },
    listedAt.toISOString(),
  );
  // Only this run's claim: a claim taken since by another run (after this one's ran out) stays.
  await deps.summaries.releaseRefresh(claimedUntil).catch(() => {});
  return stored ? "stored" : "newer-stored";
}

export interface SubscriptionViewDependencies {
  /** Only `getBilling` is called: one GitHub call per view. */
  source: Pick<SubscriptionSource, "getBilling">;
  summaries: Pick<SubscriptionSummaryStore, "read">;
  clock: Clock;
  /** Queues a new listing; absent where nothing can queue one (the sweep then does). */
  requestRefresh?: () => Promise<void>;
  log: Log;
}

/**
 * What an admin view shows: the subscription's counts and settings as GitHub has them now, and the longest-inactive
 * seats of the stored listing with its age. At most one GitHub call (none for `counts: "stored"` once a listing is
 * stored); never a listing. When no listing is stored yet, or the stored one is due, a new one is queued.
 */
export async function readSubscription(
  deps: SubscriptionViewDependencies,
  options: { counts: "fresh" | "stored" } = { counts: "fresh" },
): Promise<SubscriptionSummary> {
  // The Home tab, redrawn for every open and after every seat change, takes the counts of the stored listing (no
  // GitHub call, so an admin's Home costs at most the call for their own seat); `/copilot seats` asks GitHub afresh.
  const storedOnly = options.counts === "stored" ? await deps.summaries.read() : undefined;
  const [details, stored] =
    storedOnly?.summary && storedOnly.listedAt
      ? [storedOnly.summary, storedOnly]
      : await Promise.all([deps.source.getBilling(), storedOnly ?? deps.summaries.read()]);
  if (deps.requestRefresh && summaryRefreshDue(stored, deps.clock.now())) {
    // The view does not depend on it: the sweep queues the listing too.
    await deps.requestRefresh().catch((error: unknown) => {
      deps.log.warn("Could not queue a new listing of the Copilot seats; the maintenance sweep will", { error });
    });
  }
  const summary = summarizeSubscription(details, []);
  if (!stored?.summary || !stored.listedAt) return { ...summary, inactiveListing: { state: "preparing" } };
  return {
    ...summary,
    longestInactive: stored.summary.longestInactive,
    inactiveListing: {
      state: "listed",
      listedAt: stored.listedAt,
      seatsChangedSince: seatsChangedSince(stored),
      ...(details === stored.summary ? { countsListed: true } : {}),
    },
  };
}

type SeatChanges = Pick<CopilotSeats, "assignSeat"> & Pick<SeatAdministration, "revokeSeat" | "addTeam" | "removeTeam">;

/**
 * The seat adapter, noting every seat change it makes in the stored summary, so that the sweep lists the seats again:
 * assignments (requests and grants), revocations (by an admin, by the holder, at a term's end), team seats. The change
 * has happened when this runs: a failed note is logged, never a failed change, and the summary's age still bounds it.
 */
export function noteSeatChanges<T extends SeatChanges>(
  github: T,
  deps: { summaries: Pick<SubscriptionSummaryStore, "noteSeatsChanged">; clock: Clock; log: Log },
): T {
  const note = async () => {
    try {
      await deps.summaries.noteSeatsChanged(deps.clock.now().toISOString());
    } catch (error) {
      deps.log.warn("Could not note a seat change for the stored subscription summary", { error });
    }
  };
  const after =
    <A extends unknown[], R>(change: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const result = await change(...args);
      await note();
      return result;
    };
  return Object.assign(Object.create(github) as T, {
    assignSeat: after(github.assignSeat.bind(github)),
    revokeSeat: after(github.revokeSeat.bind(github)),
    addTeam: after(github.addTeam.bind(github)),
    removeTeam: after(github.removeTeam.bind(github)),
  });
}
