import type { CopilotSeats } from "../request/ports.js";
import type { CopilotSeat } from "../seat/copilot-seat.js";
import { explainGitHubError } from "./github-failures.js";
import type { GitHubClient } from "./octokit.js";

type SeatResponse = Awaited<ReturnType<GitHubClient["rest"]["copilot"]["getCopilotSeatDetailsForUser"]>>["data"];

export function toCopilotSeat(seat: SeatResponse, fallbackLogin = ""): CopilotSeat {
  const assignee = seat.assignee as { login?: string } | null | undefined;
  const team = seat.assigning_team as { slug?: string } | null | undefined;
  return {
    login: assignee?.login ?? fallbackLogin,
    createdAt: seat.created_at,
    ...(seat.plan_type ? { planType: seat.plan_type } : {}),
    ...(seat.updated_at ? { updatedAt: seat.updated_at } : {}),
    ...(seat.last_activity_at ? { lastActivityAt: seat.last_activity_at } : {}),
    ...(seat.last_activity_editor ? { lastActivityEditor: seat.last_activity_editor } : {}),
    ...(seat.pending_cancellation_date ? { pendingCancellationDate: seat.pending_cancellation_date } : {}),
    ...(team?.slug ? { assigningTeam: team.slug } : {}),
  };
}

/** The Copilot seat endpoints the request flow uses, with GitHub's answers turned into plain outcomes. */
export class GitHubCopilotSeats implements CopilotSeats {
  constructor(
    private readonly octokit: GitHubClient,
    private readonly organization: string,
  ) {}

  async isOrganizationMember(login: string): Promise<boolean> {
    try {
      const response = await this.octokit.rest.orgs.checkMembershipForUser({ org: this.organization, username: login });
      // 302 means the bot itself is not an organization member and so cannot see membership.
      return (response.status as number) === 204;
    } catch (error) {
      if ((error as { status?: number }).status === 404) return false;
      throw explainGitHubError(error, { organization: this.organization, subject: `\`${login}\`` });
    }
  }

  async getSeat(login: string): Promise<CopilotSeat | undefined> {
    try {
      const { data } = await this.octokit.rest.copilot.getCopilotSeatDetailsForUser({
        org: this.organization,
        username: login,
      });
      return toCopilotSeat(data, login);
    } catch (error) {
      // GitHub answers 404 for a member without a seat.
      if ((error as { status?: number }).status === 404) return undefined;
      throw explainGitHubError(error, { organization: this.organization, subject: `\`${login}\`` });
    }
  }

  async assignSeat(login: string): Promise<{ seatsCreated: number }> {
    try {
      const { data } = await this.octokit.rest.copilot.addCopilotSeatsForUsers({
        org: this.organization,
        selected_usernames: [login],
      });
      return { seatsCreated: data.seats_created };
    } catch (error) {
      throw explainGitHubError(error, { organization: this.organization, subject: `\`${login}\`` });
    }
  }
}
