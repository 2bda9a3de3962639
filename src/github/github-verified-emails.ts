import { isGitHubLogin } from "../identifiers.js";
import type { ExternalIdentityPage, ExternalIdentitySource } from "../identity/sync-identities.js";
import type { GraphQl } from "./github-saml-identities.js";

/** 100 is the most a GraphQL connection returns at once. */
export const MEMBERS_PAGE_SIZE = 100;

/**
 * The organization's members, each with the emails GitHub verified on the organization's verified domains: GraphQL
 * `organization.membersWithRole`, and on each `User` `organizationVerifiedDomainEmails(login: String!)`, which takes
 * the organization's login and answers `[String!]!`. A member without such an email answers an empty list. Needs a
 * token that may read the organization's members (a GitHub App with the "Members: read" organization permission, or
 * a classic token with `read:org`), and an organization with at least one verified domain.
 */
export const VERIFIED_EMAILS_QUERY = `query ($org: String!, $first: Int!, $after: String) {
  organization(login: $org) {
    membersWithRole(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        login
        databaseId
        organizationVerifiedDomainEmails(login: $org)
      }
    }
  }
}`;

interface MembersResponse {
  organization?: {
    membersWithRole?: {
      pageInfo?: { hasNextPage?: unknown; endCursor?: unknown };
      nodes?: ({ login?: unknown; databaseId?: unknown; organizationVerifiedDomainEmails?: unknown } | null)[];
    };
  } | null;
}

/** GitHub's verified-domain emails of the organization's members, a page of members at a time. */
export class GitHubVerifiedDomainEmails implements ExternalIdentitySource {
  readonly source = "verified-email" as const;

  constructor(
    private readonly graphql: GraphQl,
    private readonly organization: string,
    private readonly pageSize = MEMBERS_PAGE_SIZE,
  ) {}

  async page(cursor: string | undefined): Promise<ExternalIdentityPage> {
    const response = (await this.graphql(VERIFIED_EMAILS_QUERY, {
      org: this.organization,
      first: this.pageSize,
      after: cursor ?? null,
    })) as MembersResponse;
    const members = response.organization?.membersWithRole;
    if (!members) return { identities: [], absent: true };
    const identities = (members.nodes ?? []).flatMap((node) => {
      const login = node?.login;
      if (typeof login !== "string" || !isGitHubLogin(login)) return [];
      const listed = Array.isArray(node?.organizationVerifiedDomainEmails) ? node.organizationVerifiedDomainEmails : [];
      const emails = listed.filter((value): value is string => typeof value === "string" && value.includes("@"));
      // Nothing to match a member by: the member has no email on a verified domain.
      if (emails.length === 0) return [];
      const id = node?.databaseId;
      return [
        {
          githubLogin: login,
          ...(typeof id === "number" && Number.isSafeInteger(id) ? { githubId: id } : {}),
          emails: [...new Set(emails.map((email) => email.toLowerCase()))],
        },
      ];
    });
    const { pageInfo } = members;
    const next =
      pageInfo?.hasNextPage === true && typeof pageInfo.endCursor === "string" ? pageInfo.endCursor : undefined;
    return { identities, ...(next ? { nextCursor: next } : {}) };
  }
}
