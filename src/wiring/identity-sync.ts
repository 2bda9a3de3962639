import type { Config } from "../config/config.js";
import { counters, log } from "../config/telemetry.js";
import { GitHubSamlIdentities } from "../github/github-saml-identities.js";
import { GitHubVerifiedDomainEmails } from "../github/github-verified-emails.js";
import { createGitHubClient } from "../github/octokit.js";
import {
  type ExternalIdentitySource,
  type SourcesSyncReport,
  type SyncDependencies,
  syncIdentitySources,
} from "../identity/sync-identities.js";
import { systemClock } from "../request/ports.js";
import { createSlackClient } from "../slack/slack-client.js";
import { SlackIdentityConflictNotifier } from "../slack/slack-identity-conflict-notifier.js";
import { SlackPeopleDirectoryByEmail } from "../slack/slack-people-by-email.js";
import { createIdentityLinks } from "./identity.js";

export interface IdentitySyncDependencies {
  /** The sources `IDENTITY_SOURCES` lists that a sync reads (SAML, verified-domain emails), in its order. */
  sources: ExternalIdentitySource[];
  deps: Omit<SyncDependencies, "identities">;
}

/** The identity sync's dependencies: GitHub's GraphQL API, Slack's directory by email, the identity links. */
export function createIdentitySyncDependencies(config: Config, hasTimeLeft: () => boolean): IdentitySyncDependencies {
  const links = createIdentityLinks(config);
  const slack = createSlackClient({ botToken: config.slack.botToken, apiUrl: config.slack.apiUrl }, log);
  const github = createGitHubClient(config.github, { warn: (message: string) => log.warn(message) }, counters);
  const graphql = (query: string, variables: Record<string, unknown>) => github.graphql(query, variables);
  const sources = config.identitySources.flatMap((source): ExternalIdentitySource[] => {
    if (source === "saml") return [new GitHubSamlIdentities(graphql, config.github.organization)];
    if (source === "verified-email") return [new GitHubVerifiedDomainEmails(graphql, config.github.organization)];
    return [];
  });
  return {
    sources,
    deps: {
      links,
      progress: links,
      clock: systemClock,
      log,
      people: new SlackPeopleDirectoryByEmail(slack),
      notifier: new SlackIdentityConflictNotifier(slack, config.adminIds, counters),
      sourceOrder: config.identitySources,
      hasTimeLeft,
    },
  };
}

/** One run of the identity sync, as the scheduled Lambda and `npm start` run it. */
export function runIdentitySync(config: Config, hasTimeLeft: () => boolean): Promise<SourcesSyncReport> {
  const { sources, deps } = createIdentitySyncDependencies(config, hasTimeLeft);
  return syncIdentitySources(sources, deps);
}
