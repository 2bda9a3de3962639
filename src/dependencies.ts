import { randomUUID } from "node:crypto";
import { SQSClient } from "@aws-sdk/client-sqs";
import { WebClient } from "@slack/web-api";
import { summarizeSubscription } from "./admin/subscription-summary.js";
import type { Config } from "./config/config.js";
import type { ChartRenderer } from "./digest/digest.js";
import type { DigestConfig } from "./digest/digest-config.js";
import type { RequestStatistics } from "./digest/request-figures.js";
import type { DigestDependencies } from "./digest/run-weekly-digest.js";
import { DynamoDbAuditLog } from "./dynamodb/dynamodb-audit-log.js";
import { createDocumentClient } from "./dynamodb/dynamodb-client.js";
import { DynamoDbRequestStatistics } from "./dynamodb/dynamodb-request-statistics.js";
import { DynamoDbRequestStore } from "./dynamodb/dynamodb-request-store.js";
import { CopilotBilling } from "./github/copilot-billing.js";
import { CopilotMetricsReports } from "./github/copilot-metrics-reports.js";
import { GitHubCopilotUsage } from "./github/copilot-usage-source.js";
import { GitHubCopilotSeats } from "./github/github-copilot-seats.js";
import { LegacyCopilotMetrics } from "./github/legacy-copilot-metrics.js";
import { createGitHubClient } from "./github/octokit.js";
import { ReportDownloader } from "./github/report-download.js";
import { SqsJobQueue } from "./queue/sqs-job-queue.js";
import { adminsFrom } from "./request/authorization.js";
import { type JobQueue, systemClock } from "./request/ports.js";
import { SlackDigestPublisher } from "./slack/slack-digest-publisher.js";
import { sendFileToUser } from "./slack/slack-file-sender.js";
import { SlackHomePublisher } from "./slack/slack-home-publisher.js";
import { SlackRequestNotifier } from "./slack/slack-request-notifier.js";
import type { SlackServices } from "./slack/slack-services.js";
import { SlackUserDirectory } from "./slack/slack-user-directory.js";
import type { WorkerDependencies } from "./worker/run-job.js";

/**
 * Builds the adapters from configuration. Lambda entry points, the local runner and the tests all come through
 * here, so they run the same code against different endpoints.
 */
export function createRequestStore(config: Config): DynamoDbRequestStore {
  const client = createDocumentClient(config.dynamodb);
  return new DynamoDbRequestStore(client, config.dynamodb.tableName);
}

export function createSqsJobQueue(config: Config): JobQueue {
  if (!config.jobQueueUrl) throw new Error("JOB_QUEUE_URL is not set: the Lambda functions need the SQS queue's URL.");
  // The queue URL names the queue; the endpoint stays the one the SDK resolves (AWS_ENDPOINT_URL_SQS when set).
  const client = new SQSClient({ region: config.dynamodb.region, useQueueUrlAsEndpoint: false });
  return new SqsJobQueue(client, config.jobQueueUrl);
}

export function createAuditLog(config: Config): DynamoDbAuditLog {
  return new DynamoDbAuditLog(createDocumentClient(config.dynamodb), config.dynamodb.tableName);
}

export function createSlackServices(
  config: Config,
  queue: JobQueue,
  store = createRequestStore(config),
): SlackServices {
  const audit = createAuditLog(config);
  return {
    store,
    queue,
    audit,
    once: audit,
    clock: systemClock,
    newId: randomUUID,
    admins: adminsFrom(config.adminIds),
    organization: config.github.organization,
  };
}

export function createWorkerDependencies(
  config: Config,
  options: { store?: DynamoDbRequestStore } = {},
): WorkerDependencies {
  const slack = new WebClient(config.slack.botToken, { slackApiUrl: config.slack.apiUrl });
  const octokit = createGitHubClient(config.github);
  const organization = config.github.organization;
  const store = options.store ?? createRequestStore(config);
  const github = new GitHubCopilotSeats(octokit, organization);
  const billing = new CopilotBilling(octokit, organization);
  const getSubscription = async () => {
    const [details, seats] = await Promise.all([billing.getBilling(), billing.listAllSeats()]);
    return summarizeSubscription(details, seats);
  };
  const home = new SlackHomePublisher(slack, organization, {
    store,
    admins: adminsFrom(config.adminIds),
    getSeat: (login) => github.getSeat(login),
    getSubscription,
  });
  return {
    store,
    directory: new SlackUserDirectory(slack),
    github,
    notifier: new SlackRequestNotifier(slack, organization),
    audit: createAuditLog(config),
    clock: systemClock,
    adminIds: config.adminIds,
    organization,
    getSubscription,
    publishHome: (userId) => home.publish(userId),
    sendFile: (userId, file) => sendFileToUser(slack, userId, file),
  };
}

/**
 * The weekly digest's adapters. The chart renderer is passed in rather than built here: it loads ECharts and resvg's
 * native binary, which must stay out of the bundles of every other function that imports this module.
 * `requests` replaces the DynamoDB request figures, e.g. when a local run has no table to read.
 */
export function createDigestDependencies(
  config: DigestConfig,
  options: { chart: ChartRenderer; requests?: RequestStatistics | { unavailable: string } },
): DigestDependencies {
  const slack = new WebClient(config.slack.botToken, { slackApiUrl: config.slack.apiUrl });
  const octokit = createGitHubClient(config.github);
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
    requests:
      options.requests ??
      new DynamoDbRequestStatistics(createDocumentClient(config.dynamodb), config.dynamodb.tableName),
    prices: config.digest.prices,
    publisher: new SlackDigestPublisher(slack),
    chart: options.chart,
    clock: systemClock,
    log: console,
  };
}
