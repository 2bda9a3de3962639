import type { GitHubClient } from "./octokit.js";

/**
 * The members of an organization's team (`GET /orgs/{org}/teams/{team_slug}/members`, 100 a page, child teams'
 * members included as GitHub lists them), lower case. A team that does not exist has no members: an exempt team that
 * was renamed exempts nobody, which the admins see in the round's counts.
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
    if ((error as { status?: unknown }).status === 404) return [];
    throw error;
  }
}
