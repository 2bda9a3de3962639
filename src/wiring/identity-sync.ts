import type { Config } from "../config/config.js";
import { counters, log } from "../config/telemetry.js";
import { GitHubSamlIdentities } from "../github/github-saml-identities.js";
import { createGitHubClient } from "../github/octokit.js";
import type { SyncDependencies } from "../identity/sync-identities.js";
import { systemClock } from "../request/ports.js";
import { createSlackClient } from "../slack/slack-client.js";
import { SlackIdentityConflictNotifier } from "../slack/slack-identity-conflict-notifier.js";
import { SlackPeopleDirectoryByEmail } from "../slack/slack-people-by-email.js";
import { createIdentityLinks } from "./identity.js";

/** The SAML identity sync's dependencies: GitHub's GraphQL API, Slack's directory by email, the identity links. */
export function createIdentitySyncDependencies(config: Config, hasTimeLeft: () => boolean): SyncDependencies {
  const links = createIdentityLinks(config);
  const slack = createSlackClient({ botToken: config.slack.botToken, apiUrl: config.slack.apiUrl }, log);
  const github = createGitHubClient(config.github, { warn: (message: string) => log.warn(message) }, counters);
  return {
    links,
    progress: links,
    clock: systemClock,
    log,
    identities: new GitHubSamlIdentities(
      (query, variables) => github.graphql(query, variables),
      config.github.organization,
    ),
    people: new SlackPeopleDirectoryByEmail(slack),
    notifier: new SlackIdentityConflictNotifier(slack, config.adminIds, counters),
    hasTimeLeft,
  };
}
