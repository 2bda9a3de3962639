import type { SeatAdministration, TeamInfo } from "../admin/ports.js";
import type { CopilotSeats } from "../request/ports.js";
import type { CopilotSeat } from "../seat/copilot-seat.js";
import type { GitHubSubject } from "../seat/github-failure.js";
import { seatFromDetails } from "./copilot-seat-details.js";
import { explainGitHubError } from "./github-failures.js";
import type { GitHubClient } from "./octokit.js";

/** GitHub's Copilot seat endpoints, with GitHub's answers turned into plain outcomes. */
export class GitHubCopilotSeats implements CopilotSeats, SeatAdministration {
  constructor(
    private readonly octokit: GitHubClient,
    private readonly organization: string,
  ) {}

  async isOrganizationMember(login: string): Promise<boolean> {
    const status = await this.call(
      { kind: "login", login },
      async () => {
        const response = await this.octokit.rest.orgs.checkMembershipForUser({
          org: this.organization,
          username: login,
        });
        // 302 means the bot itself is not an organization member and so cannot see membership.
        return response.status as number;
      },
      false,
    );
    return status === 204;
  }

  /** GitHub answers 404 for a member without a seat. */
  async getSeat(login: string): Promise<CopilotSeat | undefined> {
    return this.call(
      { kind: "login", login },
      async () => {
        const { data } = await this.octokit.rest.copilot.getCopilotSeatDetailsForUser({
          org: this.organization,
          username: login,
        });
        // The same lenient reading as the seat list: null assignee, enterprise teams, `last_authenticated_at`.
        return seatFromDetails(data, login);
      },
      undefined,
    );
  }

  async assignSeat(login: string): Promise<{ seatsCreated: number }> {
    return this.call({ kind: "login", login }, async () => {
      const { data } = await this.octokit.rest.copilot.addCopilotSeatsForUsers({
        org: this.organization,
        selected_usernames: [login],
      });
      return { seatsCreated: data.seats_created };
    });
  }

  async revokeSeat(login: string): Promise<{ seatsCancelled: number }> {
    return this.call({ kind: "login", login }, async () => {
      const { data } = await this.octokit.rest.copilot.cancelCopilotSeatAssignmentForUsers({
        org: this.organization,
        selected_usernames: [login],
      });
      return { seatsCancelled: data.seats_cancelled };
    });
  }

  async getTeam(slug: string): Promise<TeamInfo | undefined> {
    return this.call(
      { kind: "team", slug },
      async () => {
        const { data } = await this.octokit.rest.teams.getByName({ org: this.organization, team_slug: slug });
        return { slug: data.slug, name: data.name, membersCount: data.members_count };
      },
      undefined,
    );
  }

  // GitHub documents `selected_teams` as team names; it takes the slugs people see in URLs as well.
  async addTeam(slug: string): Promise<{ seatsCreated: number }> {
    return this.call({ kind: "team", slug }, async () => {
      const { data } = await this.octokit.rest.copilot.addCopilotSeatsForTeams({
        org: this.organization,
        selected_teams: [slug],
      });
      return { seatsCreated: data.seats_created };
    });
  }

  async removeTeam(slug: string): Promise<{ seatsCancelled: number }> {
    return this.call({ kind: "team", slug }, async () => {
      const { data } = await this.octokit.rest.copilot.cancelCopilotSeatAssignmentForTeams({
        org: this.organization,
        selected_teams: [slug],
      });
      return { seatsCancelled: data.seats_cancelled };
    });
  }

  /**
   * Runs one GitHub call and explains its failure. With `whenNotFound`, a 404 is an answer rather than a failure.
   */
  private async call<T, F = never>(
    subject: GitHubSubject,
    request: () => Promise<T>,
    ...whenNotFound: [F] | []
  ): Promise<T | F> {
    try {
      return await request();
    } catch (error) {
      if (whenNotFound.length > 0 && (error as { status?: number }).status === 404) return whenNotFound[0] as F;
      throw explainGitHubError(error, { organization: this.organization, subject });
    }
  }
}
