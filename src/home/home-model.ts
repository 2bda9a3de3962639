import type { SubscriptionSummary } from "../admin/subscription-summary.js";
import type { PersonalSummary, PersonalUsageReader } from "../digest/personal-usage.js";
import { type IdentitySource, isProven } from "../identity/identity-link.js";
import type { IdentityLinkStore } from "../identity/ports.js";
import { type Admins, mayReleaseSeat, OWN_REQUESTS_READ } from "../request/authorization.js";
import type { RequestStore } from "../request/ports.js";
import type { SeatRequest } from "../request/seat-request.js";
import type { CopilotSeat } from "../seat/copilot-seat.js";
import { type GitHubProblem, githubProblemOf } from "../seat/github-failure.js";

/** Everything a person's Home tab shows; the Slack layer decides how it looks. */
export interface HomeModel {
  userId: string;
  githubLogin?: string;
  /** The GitHub account the person proved is theirs, and how the bot knows; absent when none is. */
  connectedAccount?: { githubLogin: string; source: IdentitySource };
  /** Sign in with GitHub is set up: without a connected account, the Home tab offers to connect. */
  canConnect?: boolean;
  /** Undefined when the person has no known GitHub login or no seat. */
  seat?: CopilotSeat;
  /** The seat is one the person may give back themselves (`releasableLogin`), not only a login they typed. */
  seatIsTheirs?: boolean;
  /** The person's own last 28 days as the weekly digest kept them; the Home tab is theirs alone. */
  myUsage?: PersonalSummary;
  myRequests: SeatRequest[];
  /** The oldest requests waiting on this person, at most `HOME_LIST_LIMIT`. */
  waitingOnMe: SeatRequest[];
  /** How many wait on them in all, which may be more than are shown. */
  waitingOnMeCount: number;
  admin?: {
    /** Requests waiting on someone else that an admin may also decide. */
    pending: SeatRequest[];
    /**
     * Other admins' grants still between filing and assignment (a grant has no approver, so nobody else would see it
     * stuck). Absent when there are none.
     */
    grantsUnderWay?: SeatRequest[];
    subscription?: SubscriptionSummary;
    /** Why the subscription could not be read, if it could not. */
    subscriptionProblem?: GitHubProblem;
    failed: SeatRequest[];
  };
}

export interface HomeDependencies {
  store: RequestStore;
  admins: Admins;
  getSeat(login: string): Promise<CopilotSeat | undefined>;
  getSubscription(): Promise<SubscriptionSummary>;
  personalUsage?: PersonalUsageReader;
  /**
   * Slack ↔ GitHub identities: "your seat" is the proven account's; the login last asked for (once GitHub confirmed
   * it) counts only while `REQUIRE_PROVEN_LOGIN` is off. Without them, it is the login last asked for.
   */
  identity?: { links: Pick<IdentityLinkStore, "linkOf">; requireProvenLogin: boolean; canConnect: boolean };
}

export const HOME_LIST_LIMIT = 10;

export async function gatherHome(userId: string, deps: HomeDependencies): Promise<HomeModel> {
  const [remembered, link] = await Promise.all([
    deps.store.getGitHubLogin(userId),
    deps.identity ? deps.identity.links.linkOf(userId) : Promise.resolve(undefined),
  ]);
  const connected = link && isProven(link.source) ? link : undefined;
  const githubLogin = connected?.githubLogin ?? (deps.identity?.requireProvenLogin ? undefined : remembered);
  const [seat, ownRequests, waitingOnMe, waitingOnMeCount, myUsage] = await Promise.all([
    githubLogin ? deps.getSeat(githubLogin) : Promise.resolve(undefined),
    deps.store.listByRequester(userId, OWN_REQUESTS_READ),
    deps.store.listWaitingOn(userId, HOME_LIST_LIMIT),
    deps.store.countWaitingOn(userId),
    githubLogin && deps.personalUsage ? deps.personalUsage.summaryOf(githubLogin) : Promise.resolve(undefined),
  ]);
  const model: HomeModel = {
    userId,
    ...(githubLogin ? { githubLogin } : {}),
    ...(connected ? { connectedAccount: { githubLogin: connected.githubLogin, source: connected.source } } : {}),
    ...(deps.identity?.canConnect ? { canConnect: true } : {}),
    ...(seat ? { seat } : {}),
    ...(seat &&
    mayReleaseSeat(seat.login, { ...(connected ? { provenLogin: connected.githubLogin } : {}), requests: ownRequests })
      ? { seatIsTheirs: true }
      : {}),
    ...(seat && myUsage ? { myUsage } : {}),
    myRequests: ownRequests.slice(0, HOME_LIST_LIMIT),
    // Nobody decides their own request, so it is not shown as waiting on them.
    waitingOnMe: waitingOnMe.filter((request) => request.requesterId !== userId),
    waitingOnMeCount,
  };
  if (deps.admins.isAdmin(userId)) {
    const [failed, allPending] = await Promise.all([
      deps.store.listByState("FAILED", HOME_LIST_LIMIT),
      deps.store.listByState("PENDING", HOME_LIST_LIMIT + waitingOnMe.length),
    ]);
    const pending = allPending
      .filter((request) => request.requesterId !== userId && request.managerId !== userId && request.kind !== "grant")
      .slice(0, HOME_LIST_LIMIT);
    const grantsUnderWay = allPending
      .filter((request) => request.kind === "grant" && request.requesterId !== userId)
      .slice(0, HOME_LIST_LIMIT);
    try {
      model.admin = { pending, subscription: await deps.getSubscription(), failed };
      if (grantsUnderWay.length > 0) model.admin.grantsUnderWay = grantsUnderWay;
    } catch (error) {
      model.admin = { pending, subscriptionProblem: githubProblemOf(error), failed };
      if (grantsUnderWay.length > 0) model.admin.grantsUnderWay = grantsUnderWay;
    }
  }
  return model;
}
