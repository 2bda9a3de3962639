import { counters, log } from "../config/telemetry.js";
import type { ChartRenderer } from "../digest/digest.js";
import type { DigestConfig } from "../digest/digest-config.js";
import type { RequestStatistics } from "../digest/request-figures.js";
import type { DigestDependencies } from "../digest/run-weekly-digest.js";
import type { UsageHistory } from "../digest/usage-history.js";
import { createDocumentClient } from "../dynamodb/dynamodb-client.js";
import { DynamoDbPersonalUsage } from "../dynamodb/dynamodb-personal-usage.js";
import { DynamoDbRequestStatistics } from "../dynamodb/dynamodb-request-statistics.js";
import { DynamoDbUsageHistory } from "../dynamodb/dynamodb-usage-history.js";
import { CopilotBilling } from "../github/copilot-billing.js";
import { CopilotMetricsReports } from "../github/copilot-metrics-reports.js";
import { GitHubCopilotUsage } from "../github/copilot-usage-source.js";
import { LegacyCopilotMetrics } from "../github/legacy-copilot-metrics.js";
import { createGitHubClient } from "../github/octokit.js";
import { ReportDownloader } from "../github/report-download.js";
import { reclaimWeek } from "../reclaim/round.js";
import { systemClock } from "../request/ports.js";
import { createSlackClient } from "../slack/slack-client.js";
import { SlackDigestPublisher } from "../slack/slack-digest-publisher.js";
import { createReclaimStore } from "./reclaim.js";

/**
 * The weekly digest's adapters. The chart renderer is passed in so that tests and local runs choose it.
 * `requests` and `history` replace the DynamoDB adapters, e.g. when a local run has no table to read.
 */
export function createDigestDependencies(
  config: DigestConfig,
  options: {
    chart: ChartRenderer;
    requests?: RequestStatistics | { unavailable: string };
    history?: UsageHistory | { unavailable: string };
  },
): DigestDependencies {
  // Chart uploads are bigger than messages: a longer deadline, the same refusal to sleep through rate limits.
  const slack = createSlackClient({ ...config.slack, timeoutMs: 20_000, retries: 2 }, log);
  const octokit = createGitHubClient(config.github, log, counters);
  const organization = config.github.organization;
  const { enterprise } = config.digest;
  const downloader = new ReportDownloader(
    config.digest.reportDownloadTestOrigin ? { testOrigin: config.digest.reportDownloadTestOrigin } : {},
  );
  const reports = {
    organization: new CopilotMetricsReports(octokit, downloader, { kind: "organization", organization }),
    ...(enterprise
      ? { enterprise: new CopilotMetricsReports(octokit, downloader, { kind: "enterprise", enterprise }) }
      : {}),
  };
  return {
    organization,
    ...(enterprise ? { enterprise } : {}),
    channel: config.digest.channel,
    teamChannels: config.digest.teamChannels,
    usage: new GitHubCopilotUsage(reports, new LegacyCopilotMetrics(octokit), {
      organization,
      ...(enterprise ? { enterprise } : {}),
      source: config.digest.metricsSource,
    }),
    seats: new CopilotBilling(octokit, organization),
    reclaim: (from, until) => reclaimWeek(new Date(from), new Date(until), { store: createReclaimStore(config) }),
    requests:
      options.requests ??
      new DynamoDbRequestStatistics(createDocumentClient(config.dynamodb), config.dynamodb.tableName),
    history:
      options.history ?? new DynamoDbUsageHistory(createDocumentClient(config.dynamodb), config.dynamodb.tableName),
    // A local run without a table keeps no per-person summaries, as it keeps no history.
    ...("unavailable" in (options.history ?? {})
      ? {}
      : { personal: new DynamoDbPersonalUsage(createDocumentClient(config.dynamodb), config.dynamodb.tableName) }),
    prices: config.digest.prices,
    publisher: new SlackDigestPublisher(slack),
    chart: options.chart,
    clock: systemClock,
    log,
  };
}
