import type { SubscriptionDetails } from "../admin/subscription-summary.js";
import { allSettledOrThrow, mapWithConcurrency } from "../bounded-concurrency.js";
import { DigestAccessError } from "../digest/errors.js";
import type { SeatSnapshot, SeatSource } from "../digest/seat-figures.js";
import type { CopilotSeat } from "../seat/copilot-seat.js";
import { GitHubFailure } from "../seat/github-failure.js";
import { seatFromDetails } from "./copilot-seat-details.js";
import { explainGitHubError } from "./github-failures.js";
import { GITHUB_API_VERSION, type GitHubClient } from "./octokit.js";

type SeatPage = Awaited<ReturnType<GitHubClient["rest"]["copilot"]["listCopilotSeats"]>>["data"];

const SEATS_PER_PAGE = 100;

/**
 * Pages fetched at once after the first. GitHub's secondary rate limits allow at most 100 concurrent requests per
 * token or app, across every function: the worker runs at most 5 invocations at once (its event source's
 * `maxConcurrency`) and the digest one, so 8 each stays under 50 with room for the calls beside them. They also allow
 * 900 points a minute on one REST endpoint (a GET costs one): a listing of up to 90,000 seats fits in one minute's.
 */
const SEAT_PAGE_CONCURRENCY = 8;

const seatsOf = (page: SeatPage): CopilotSeat[] => (page.seats ?? []).map((seat) => seatFromDetails(seat));

type AuthHook = (request: unknown, options: unknown) => Promise<unknown>;

/**
 * `request` with the client's credentials, deadline, base URL and API version, and none of its plugins. At 500 pages a
 * listing, the throttling and retry plugins (two Bottleneck schedules per request) cost a third of the listing's CPU,
 * which at eight pages in flight shows up as waiting. The first page, and any page that fails here, goes through the
 * whole client.
 */
function leanRequestOf(octokit: GitHubClient): GitHubClient["request"] {
  // Octokit keeps its authentication strategy on `octokit.auth`; its `hook` signs a request (and, for a GitHub App,
  // mints or reuses the installation token) exactly as the client's own request hook does.
  const auth = octokit.auth as unknown as { hook: AuthHook };
  return octokit.request.defaults({
    headers: { "x-github-api-version": GITHUB_API_VERSION },
    request: { hook: (request: unknown, options: unknown) => auth.hook(request, options) },
  } as Parameters<GitHubClient["request"]["defaults"]>[0]);
}

const POLICY_FIELDS = ["public_code_suggestions", "ide_chat", "platform_chat", "cli"] as const;

/** The organization's Copilot subscription: its seat breakdown and every seat, for any feature that needs them. */
export class CopilotBilling implements SeatSource {
  constructor(
    private readonly octokit: GitHubClient,
    private readonly organization: string,
  ) {
    this.pageRequest = leanRequestOf(octokit);
  }

  private readonly pageRequest: GitHubClient["request"];

  async getBilling(): Promise<SubscriptionDetails> {
    try {
      const { data } = await this.octokit.rest.copilot.getCopilotOrganizationDetails({ org: this.organization });
      const breakdown = data.seat_breakdown;
      const seatBreakdown = {
        total: breakdown.total ?? 0,
        addedThisCycle: breakdown.added_this_cycle ?? 0,
        pendingCancellation: breakdown.pending_cancellation ?? 0,
        pendingInvitation: breakdown.pending_invitation ?? 0,
        activeThisCycle: breakdown.active_this_cycle ?? 0,
        inactiveThisCycle: breakdown.inactive_this_cycle ?? 0,
      };
      const policies: Record<string, string> = {};
      for (const field of POLICY_FIELDS) {
        const value = (data as Record<string, unknown>)[field];
        if (typeof value === "string") policies[field] = value;
      }
      return {
        seatBreakdown,
        ...(typeof data.plan_type === "string" ? { planType: data.plan_type } : {}),
        seatManagementSetting: data.seat_management_setting,
        policies,
      };
    } catch (error) {
      throw explainGitHubError(error, { organization: this.organization, subject: { kind: "subscription" } });
    }
  }

  /**
   * Every seat, 100 a page (GitHub's maximum). The first page says how many seats there are, so the other pages are
   * fetched several at a time: 50,000 seats are 500 pages, over 25 s one after another at 50 ms a page.
   */
  async listAllSeats(): Promise<CopilotSeat[]> {
    try {
      const first = await this.fetchPage(1, this.octokit.request);
      const pageCount = Math.ceil((first.total_seats ?? 0) / SEATS_PER_PAGE);
      // Each page becomes seats as it arrives, so GitHub's far larger objects are dropped young, not kept to the end.
      // After a page fails no further page is asked for: a listing refused for its rate limit stops spending it.
      const following = Array.from({ length: Math.max(0, pageCount - 1) }, (_, index) => index + 2);
      const pages = await mapWithConcurrency(following, SEAT_PAGE_CONCURRENCY, async (page) =>
        seatsOf(await this.fetchFollowingPage(page)),
      );
      return [seatsOf(first), ...pages].flat();
    } catch (error) {
      throw explainGitHubError(error, { organization: this.organization, subject: { kind: "seats" } });
    }
  }

  /**
   * A page after the first, on the lean path. A page GitHub failed (5xx) or never reached is asked for once more
   * through the whole client, whose retries and failure metrics then decide. GitHub's refusals, rate limits among
   * them, end the listing at once: the job goes back to the queue rather than waiting here. A page that ran out of time
   * is not asked for again in this invocation.
   */
  private async fetchFollowingPage(page: number): Promise<SeatPage> {
    try {
      return await this.fetchPage(page, this.pageRequest);
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      if ((error instanceof Error && error.name === "AbortError") || (typeof status === "number" && status < 500)) {
        throw error;
      }
      return this.fetchPage(page, this.octokit.request);
    }
  }

  private async fetchPage(page: number, request: GitHubClient["request"]): Promise<SeatPage> {
    const { data } = await request("GET /orgs/{org}/copilot/billing/seats", {
      org: this.organization,
      per_page: SEATS_PER_PAGE,
      page,
      // Octokit reads answers with a BigInt-preserving JSON parser, several times slower than JSON.parse: at
      // 50,000 seats that was seconds of CPU, more than the waiting. No number in a seat page comes near 2^53.
      request: { parseSuccessResponseBody: false },
    });
    return JSON.parse(await new Response(data as unknown as ReadableStream<Uint8Array>).text()) as SeatPage;
  }

  async seatSnapshot(): Promise<SeatSnapshot> {
    try {
      const [billing, seats] = await allSettledOrThrow([this.getBilling(), this.listAllSeats()]);
      return {
        breakdown: billing.seatBreakdown,
        ...(billing.planType ? { planType: billing.planType } : {}),
        seats,
      };
    } catch (error) {
      // GitHub answers 422 on the subscription for one reason: its payment method. A person has to fix it.
      if (error instanceof GitHubFailure && error.code === "COPILOT_BILLING_PROBLEM") {
        // GitHub's own text is left out: the digest posts this sentence to the channel as it is.
        throw new DigestAccessError(
          "SEAT_BILLING_PROBLEM",
          `GitHub reports a problem with the payment method of \`${this.organization}\`. An organization owner or billing manager must fix it under Settings → Billing and plans; until then the subscription's details cannot be read.`,
          { cause: error },
        );
      }
      if (error instanceof GitHubFailure && error.code === "GITHUB_FORBIDDEN") {
        throw new DigestAccessError(
          "SEAT_PERMISSION_MISSING",
          `GitHub refused the Copilot seats of \`${this.organization}\` (${error.status}). Give the bot's GitHub App the organization permission “GitHub Copilot Business” (read), or use a token with \`manage_billing:copilot\`.`,
          { cause: error },
        );
      }
      throw error;
    }
  }
}
