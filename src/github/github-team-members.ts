import type { GitHubClient } from "./octokit.js";

/**
 * The members of an organization's team (`GET /orgs/{org}/teams/{team_slug}/members`, 100 a page, child teams'
 * members included as GitHub lists them), lower case. GitHub answers 404 both for a team that does not exist and for
 * one the app cannot see, so a 404 is an error, never "no members": an exempt team that cannot be read must not leave
 * its members open to cancellation. The step fails and is tried again, and the admins see the failure.
 */
export async function listTeamMembers(octokit: GitHubClient, organization: string, slug: string): Promise<string[]> {
  try {
    const members = await octokit.paginate(octokit.rest.teams.listMembersInOrg, {
      org: organization,
      team_slug: slug,
      per_page: 100,
    });
    return members.map((member) => member.login.toLowerCase());
  } catch (error) {
    if ((error as { status?: unknown }).status === 404) {
      throw new Error(
        `The exempt team ${slug} was not found in ${organization}, or the GitHub App cannot see it; check RECLAIM_EXEMPT.`,
        { cause: error },
      );
    }
    throw error;
  }
}
