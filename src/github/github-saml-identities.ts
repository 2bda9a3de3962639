import { isGitHubLogin } from "../identifiers.js";
import type { ExternalIdentityPage, ExternalIdentitySource } from "../identity/sync-identities.js";

/** Octokit's `graphql` (or anything with its signature), so tests and the app plug in their own endpoint. */
export type GraphQl = (query: string, variables: Record<string, unknown>) => Promise<unknown>;

/** 100 is the most a GraphQL connection returns at once. */
export const SAML_PAGE_SIZE = 100;

/**
 * GitHub's GraphQL `samlIdentityProvider.externalIdentities` of the organization: which GitHub account each SAML
 * identity (name ID and emails from the identity provider) belongs to. Needs a token that may read the organization's
 * SAML identities (an organization owner's, or a GitHub App with the "Members: read" organization permission).
 */
export const SAML_IDENTITIES_QUERY = `query ($org: String!, $first: Int!, $after: String) {
  organization(login: $org) {
    samlIdentityProvider {
      externalIdentities(first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes {
          samlIdentity { nameId emails { value } }
          user { login databaseId }
        }
      }
    }
  }
}`;

interface SamlResponse {
  organization?: {
    samlIdentityProvider?: {
      externalIdentities?: {
        pageInfo?: { hasNextPage?: unknown; endCursor?: unknown };
        nodes?: {
          samlIdentity?: { nameId?: unknown; emails?: { value?: unknown }[] | null } | null;
          user?: { login?: unknown; databaseId?: unknown } | null;
        }[];
      };
    } | null;
  } | null;
}

export class GitHubSamlIdentities implements ExternalIdentitySource {
  readonly source = "saml" as const;

  constructor(
    private readonly graphql: GraphQl,
    private readonly organization: string,
    private readonly pageSize = SAML_PAGE_SIZE,
  ) {}

  async page(cursor: string | undefined): Promise<ExternalIdentityPage> {
    const response = (await this.graphql(SAML_IDENTITIES_QUERY, {
      org: this.organization,
      first: this.pageSize,
      after: cursor ?? null,
    })) as SamlResponse;
    const provider = response.organization?.samlIdentityProvider;
    // No SAML on the organization: nothing to sync, and nothing to come back for.
    if (!provider?.externalIdentities) return { identities: [], absent: true };
    const { nodes = [], pageInfo } = provider.externalIdentities;
    const identities = nodes.flatMap((node) => {
      // An identity not yet linked to a GitHub account (invited, never signed in) has no user.
      const login = node.user?.login;
      if (typeof login !== "string" || !isGitHubLogin(login)) return [];
      const emails = [
        ...(node.samlIdentity?.emails ?? []).map((email) => email.value),
        // Many identity providers use the email address as the name ID.
        node.samlIdentity?.nameId,
      ].filter((value): value is string => typeof value === "string" && value.includes("@"));
      const id = node.user?.databaseId;
      return [
        {
          githubLogin: login,
          ...(typeof id === "number" && Number.isSafeInteger(id) ? { githubId: id } : {}),
          emails: [...new Set(emails.map((email) => email.toLowerCase()))],
        },
      ];
    });
    const next =
      pageInfo?.hasNextPage === true && typeof pageInfo.endCursor === "string" ? pageInfo.endCursor : undefined;
    return { identities, ...(next ? { nextCursor: next } : {}) };
  }
}
