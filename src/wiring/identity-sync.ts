import type { Config } from "../config/config.js";
import { counters, log } from "../config/telemetry.js";
import { createDocumentClient } from "../dynamodb/dynamodb-client.js";
import { DynamoDbIdentitySyncPass } from "../dynamodb/dynamodb-identity-sync-pass.js";
import { GitHubSamlIdentities } from "../github/github-saml-identities.js";
import { GitHubVerifiedDomainEmails } from "../github/github-verified-emails.js";
import { createGitHubClient } from "../github/octokit.js";
import type { ExternalIdentitySource } from "../identity/sync-identities.js";
import { runSyncPass, type SyncPassDependencies, type SyncPassReport } from "../identity/sync-pass.js";
import { systemClock } from "../request/ports.js";
import { createSlackClient } from "../slack/slack-client.js";
import { SlackDirectoryByEmail, type SlackDirectoryOptions } from "../slack/slack-directory-by-email.js";
import { SlackIdentityConflictNotifier } from "../slack/slack-identity-conflict-notifier.js";
import { createIdentityLinks } from "./identity.js";

/** A day's pass starts at the first run from this hour, in `TIME_ZONE`; the runs before it belong to the day before. */
export const PASS_STARTS_AT_HOUR = 3;

export interface IdentitySyncDependencies {
  /** The sources `IDENTITY_SOURCES` lists that a sync reads (SAML, verified-domain emails), in its order. */
  sources: ExternalIdentitySource[];
  deps: SyncPassDependencies;
}

/**
 * The identity sync's dependencies: GitHub's GraphQL API, Slack's directory, the identity links and the pass.
 * `directory` overrides the Slack directory's page size and pacing (tests use small pages).
 */
export function createIdentitySyncDependencies(
  config: Config,
  hasTimeLeft: () => boolean,
  directory: SlackDirectoryOptions = {},
): IdentitySyncDependencies {
  const links = createIdentityLinks(config);
  const pass = new DynamoDbIdentitySyncPass(
    createDocumentClient(config.dynamodb),
    config.dynamodb.tableName,
    config.slack.signingSecret,
  );
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
      directory: new SlackDirectoryByEmail(slack, directory),
      directoryStore: pass,
      passes: pass,
      day: passDayOf(systemClock.now(), config.lifecycle.timeZone),
      notifier: new SlackIdentityConflictNotifier(slack, config.adminIds, counters),
      sourceOrder: config.identitySources,
      hasTimeLeft,
    },
  };
}

/** One run of the identity sync, as the scheduled Lambda (hourly) and `npm start` run it. */
export function runIdentitySync(config: Config, hasTimeLeft: () => boolean): Promise<SyncPassReport> {
  const { sources, deps } = createIdentitySyncDependencies(config, hasTimeLeft);
  return runSyncPass(sources, deps);
}

/** The pass day `now` belongs to: the date in `timeZone`, which turns at `PASS_STARTS_AT_HOUR` rather than midnight. */
export function passDayOf(now: Date, timeZone: string): string {
  const shifted = new Date(now.getTime() - PASS_STARTS_AT_HOUR * 60 * 60 * 1000);
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    shifted,
  );
}
