import type { SubscriptionDetails } from "../admin/subscription-summary.js";
import { DigestAccessError } from "../digest/errors.js";
import type { SeatSnapshot, SeatSource } from "../digest/seat-figures.js";
import type { CopilotSeat } from "../seat/copilot-seat.js";
import { GitHubFailure } from "../seat/github-failure.js";
import { seatFromDetails } from "./copilot-seat-details.js";
import { explainGitHubError } from "./github-failures.js";
import type { GitHubClient } from "./octokit.js";

type SeatPage = Awaited<ReturnType<GitHubClient["rest"]["copilot"]["listCopilotSeats"]>>["data"];

const POLICY_FIELDS = ["public_code_suggestions", "ide_chat", "platform_chat", "cli"] as const;

/** The organization's Copilot subscription: its seat breakdown and every seat, for any feature that needs them. */
export class CopilotBilling implements SeatSource {
  constructor(
    private readonly octokit: GitHubClient,
    private readonly organization: string,
  ) {}

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
      throw explainGitHubError(error, { organization: this.organization, subject: "the Copilot subscription" });
    }
  }

  /**
   * Every seat, 100 a page (GitHub's maximum). The first page says how many seats there are, so the other pages are
   * fetched several at a time: 50,000 seats are 500 pages, over 25 s one after another at 50 ms a page.
   */
  async listAllSeats(): Promise<CopilotSeat[]> {
    // GitHub allows at most 100 concurrent requests per token (its secondary rate limit) and asks integrations to
    // prefer serial requests; Octokit's throttling plugin lets only 10 of one client's requests run at once. Eight
    // takes a listing to about an eighth of the serial time while leaving two of those slots to the requests that
    // run beside it (the billing details in the digest, seat checks in the worker).
    const concurrency = 8;
    const perPage = 100;
    const fetchPage = async (page: number): Promise<SeatPage> => {
      const { data } = await this.octokit.rest.copilot.listCopilotSeats({
        org: this.organization,
        per_page: perPage,
        page,
        // Octokit reads answers with a BigInt-preserving JSON parser, several times slower than JSON.parse: at
        // 50,000 seats that was seconds of CPU, more than the waiting. No number in a seat page comes near 2^53.
        request: { parseSuccessResponseBody: false },
      });
      return JSON.parse(await new Response(data as unknown as ReadableStream<Uint8Array>).text()) as SeatPage;
    };
    try {
      const first = await fetchPage(1);
      const pageCount = Math.ceil((first.total_seats ?? 0) / perPage);
      const pages: SeatPage[] = [first];
      let next = 2;
      const fetchNext = async (): Promise<void> => {
        while (next <= pageCount) {
          const page = next++;
          pages[page - 1] = await fetchPage(page);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(0, pageCount - 1)) }, fetchNext));
      return pages.flatMap((page) => (page.seats ?? []).map((seat) => seatFromDetails(seat)));
    } catch (error) {
      throw explainGitHubError(error, { organization: this.organization, subject: "the Copilot seats" });
    }
  }

  async seatSnapshot(): Promise<SeatSnapshot> {
    try {
      const [billing, seats] = await Promise.all([this.getBilling(), this.listAllSeats()]);
      return {
        breakdown: billing.seatBreakdown,
        ...(billing.planType ? { planType: billing.planType } : {}),
        seats,
      };
    } catch (error) {
      // GitHub answers 422 on the subscription for one reason: its payment method. A person has to fix it.
      if (error instanceof GitHubFailure && error.code === "COPILOT_BILLING_PROBLEM") {
        throw new DigestAccessError("SEAT_BILLING_PROBLEM", error.message, { cause: error });
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
