import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Tags, TimeZone } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import * as logs from "aws-cdk-lib/aws-logs";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
// The worker turns a still-retryable failure into a final answer on the last delivery, so both must agree on it.
import { CHART_ASSETS } from "../src/charts/chart-assets.js";
import { ITEM_KEYS, TABLE_KEYS } from "../src/dynamodb/table-schema.js";
import { USAGE_KEY_PREFIX } from "../src/dynamodb/usage-keys.js";
import { GITHUB_CALLBACK_PATH, GITHUB_CONNECT_PATH } from "../src/identity/sign-in-routes.js";
import { JOB_MAX_RECEIVE_COUNT } from "../src/jobs/delivery.js";
import { BotAlarms } from "./constructs/bot-alarms.js";
import { BotFunction } from "./constructs/bot-function.js";
import { ScheduledJob } from "./constructs/scheduled-job.js";
import { acknowledgeNagFindings } from "./nag-acknowledgements.js";
import { slackAppManifest } from "./slack-app-manifest.js";
import { DEFAULT_SWEEP_EVERY_MINUTES, type StackConfig } from "./stack-config.js";

export interface CopilotSeatBotStackProps extends StackProps {
  readonly config: StackConfig;
}

export const SLACK_EVENTS_PATH = "/slack/events";
export const WORKER_TIMEOUT = Duration.seconds(60);
/**
 * How often the maintenance sweep looks for stuck requests, unconfirmed messages and missing audit items: the bound on
 * how long a lost job or message waits, and the step in which reminders, escalations and expiries happen. 96 runs a
 * day of a few indexed Queries each cost cents a month. The default; `-c sweepEvery=…` changes it.
 */
export const SWEEP_EVERY_MINUTES = DEFAULT_SWEEP_EVERY_MINUTES;
/** The CloudWatch namespace of the bot's own metrics (Powertools Metrics). */
export const METRICS_NAMESPACE = "CopilotSeatBot";

const LOG_RETENTION = logs.RetentionDays.THREE_MONTHS;
const SERVICE_NAME = "copilot-seat-bot";

/**
 * The whole Copilot seat bot: Slack's HTTPS endpoint, the job queue and its worker, the scheduled digest and
 * maintenance, the table, the credentials secret, and the alarms. Environment-agnostic: it synthesizes without
 * AWS credentials and deploys to whatever account and region the CLI is pointed at.
 */
export class CopilotSeatBotStack extends Stack {
  readonly table: dynamodb.Table;
  readonly jobsQueue: sqs.Queue;
  readonly jobsDeadLetterQueue: sqs.Queue;
  readonly scheduledJobsDeadLetterQueue: sqs.Queue;
  readonly credentials: secretsmanager.Secret;
  readonly slackEvents: BotFunction;
  readonly worker: BotFunction;
  readonly digest: BotFunction;
  readonly maintenance: BotFunction;
  /** Sign in with GitHub: the browser's `GET /github/connect` and `GET /github/callback`, apart from Slack's bundle. */
  readonly githubSignIn: BotFunction;
  readonly api: apigwv2.HttpApi;
  readonly weeklyDigest: ScheduledJob;
  readonly maintenanceSweep: ScheduledJob;
  readonly identitySync: BotFunction;
  readonly identitySyncSchedule: ScheduledJob;
  readonly alarms: BotAlarms;

  constructor(scope: Construct, id: string, props: CopilotSeatBotStackProps) {
    super(scope, id, props);
    const { config } = props;
    Tags.of(this).add("app", SERVICE_NAME);

    // --- State -------------------------------------------------------------------------------------------------

    this.table = new dynamodb.Table(this, "Table", {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // The table is the record of every request and approval: neither a stack deletion nor a console slip
      // may drop it.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: TABLE_KEYS.timeToLiveAttribute,
    });
    for (const index of TABLE_KEYS.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    this.credentials = new secretsmanager.Secret(this, "Credentials", {
      description:
        "Copilot seat bot credentials, JSON: SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, and either GITHUB_TOKEN or GITHUB_APP_ID + GITHUB_APP_PRIVATE_KEY + GITHUB_APP_INSTALLATION_ID. Put the values after the first deploy.",
      // A placeholder with the expected keys left empty. CloudFormation generates it once, on creation; the
      // operator's put-secret-value then replaces it and later deploys leave it alone. Changing this block would
      // make CloudFormation generate a new value and overwrite the real credentials, so don't.
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ SLACK_SIGNING_SECRET: "", SLACK_BOT_TOKEN: "", GITHUB_TOKEN: "" }),
        generateStringKey: "_placeholder",
        excludePunctuation: true,
      },
    });

    this.jobsDeadLetterQueue = new sqs.Queue(this, "JobsDeadLetterQueue", {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.jobsQueue = new sqs.Queue(this, "JobsQueue", {
      // AWS recommends six times the function's timeout for Lambda event sources, so that a batch whose
      // invocation is throttled and retried is not handed out again while it is still being worked on.
      visibilityTimeout: Duration.seconds(WORKER_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.jobsDeadLetterQueue, maxReceiveCount: JOB_MAX_RECEIVE_COUNT },
    });
    // Receives both the scheduler's undeliverable invocations and the digest or maintenance runs that failed
    // after Lambda's own retries.
    this.scheduledJobsDeadLetterQueue = new sqs.Queue(this, "ScheduledJobsDeadLetterQueue", {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });

    // --- Functions ---------------------------------------------------------------------------------------------

    const environment: Record<string, string> = {
      TABLE_NAME: this.table.tableName,
      // Only the secret's ARN: the functions fetch the values at run time, so they never appear in the template,
      // the function configuration or the CloudFormation console.
      SECRET_NAME: this.credentials.secretArn,
      GITHUB_ORG: config.githubOrg,
      COPILOT_ADMIN_IDS: config.adminUserIds.join(","),
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      POWERTOOLS_LOG_LEVEL: "INFO",
      ...definedOnly({ GITHUB_API_URL: config.githubApiUrl, SLACK_API_URL: config.slackApiUrl }),
      // Working time for reminders and escalation counts in the digest's time zone.
      TIME_ZONE: config.digestSchedule.timeZone,
      ...config.lifecycleEnvironment,
      REQUIRE_PROVEN_LOGIN: String(config.requireProvenLogin),
      ...definedOnly({ IDENTITY_SOURCES: config.identitySources }),
    };
    const withJobQueue = { ...environment, JOB_QUEUE_URL: this.jobsQueue.queueUrl };

    this.slackEvents = new BotFunction(this, "SlackEvents", {
      entry: "functions/slack-events.ts",
      description: "Answers Slack slash commands, interactions and events; hands slow work to the job queue",
      // Slack stops waiting after 3 s, but a run that overshoots should still finish its writes and enqueue
      // its job rather than be killed halfway.
      timeout: Duration.seconds(10),
      memorySize: 1024,
      environment: withJobQueue,
      retainLogsFor: LOG_RETENTION,
      slackFacing: true,
    });
    this.worker = new BotFunction(this, "Worker", {
      entry: "functions/worker.ts",
      description: "Runs queued jobs: GitHub seat changes and Slack follow-ups",
      timeout: WORKER_TIMEOUT,
      memorySize: 1024,
      environment: withJobQueue,
      retainLogsFor: LOG_RETENTION,
    });
    this.digest = new BotFunction(this, "Digest", {
      entry: "functions/digest.ts",
      description: "Posts the weekly Copilot seat digest",
      timeout: Duration.minutes(5),
      memorySize: 1024,
      environment: {
        ...environment,
        DIGEST_CHANNEL: config.digestChannel,
        ...definedOnly({
          GITHUB_ENTERPRISE: config.githubEnterprise,
          METRICS_SOURCE: config.metricsSource,
          DIGEST_TEAM_CHANNELS: config.digestTeamChannels,
          COPILOT_SEAT_PRICE_BUSINESS: config.seatPriceBusiness,
          COPILOT_SEAT_PRICE_ENTERPRISE: config.seatPriceEnterprise,
        }),
      },
      retainLogsFor: LOG_RETENTION,
      // The chart renderer's WebAssembly module and font, found beside the bundle at run time.
      bundledFiles: Object.fromEntries(
        Object.values(CHART_ASSETS).map((asset) => [asset.bundled, `node_modules/${asset.module}`]),
      ),
    });
    this.maintenance = new BotFunction(this, "Maintenance", {
      entry: "functions/maintenance.ts",
      description:
        "Sweep every 15 minutes: re-enqueues stuck requests' jobs and unconfirmed messages, repairs audit items",
      timeout: Duration.minutes(2),
      memorySize: 512,
      environment: withJobQueue,
      retainLogsFor: LOG_RETENTION,
    });

    // The Slack-facing function records requests and queues their jobs; the worker carries them out (it consumes
    // the queue through its event source, and queues the jobs that follow from a job: a reclaim round's next steps,
    // a listing for the stored subscription summary); maintenance reads requests, queues jobs, and writes
    // only requests: their own audit items when those are missing, the conditional transitions of the request
    // lifecycle (reminded, escalated, expired, seat ending), seat-end markers it drops, and the open-request slot
    // an expired request frees.
    this.table.grantReadWriteData(this.slackEvents.function);
    this.jobsQueue.grantSendMessages(this.slackEvents.function);
    this.table.grantReadWriteData(this.worker.function);
    this.jobsQueue.grantSendMessages(this.worker.function);
    this.table.grantReadData(this.maintenance.function);
    // …and the reclaim round it starts on RECLAIM_DAY, stops (RECLAIM_MODE=off) and moves past its deadlines: the
    // round pointer, the round, its batches (`RECLAIM#…`); never a holder's snooze.
    this.allowItemsUnder(
      this.maintenance,
      ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
      ["REQUEST#*", "OPEN#*", "RECLAIM#*"],
    );
    this.jobsQueue.grantSendMessages(this.maintenance.function);
    this.table.grantReadData(this.digest.function);
    // The digest writes only its "already posted in this run" markers, so that a retried run does not post twice.
    this.allowItemsUnder(
      this.digest,
      ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
      ["ONCE#digest:*"],
    );
    // ... and its stored usage: the weekly figures for the 12-week trend (`USAGE#<scope>` / `WEEK#<day>`) and each
    // person's 28-day summary (`USAGE#person:<login>`, batch-written), nothing else.
    this.allowItemsUnder(this.digest, ["dynamodb:BatchWriteItem", "dynamodb:PutItem"], [`${USAGE_KEY_PREFIX}*`]);
    for (const fn of [this.slackEvents, this.worker, this.digest, this.maintenance]) {
      this.credentials.grantRead(fn.function);
    }

    this.worker.function.addEventSource(
      new SqsEventSource(this.jobsQueue, {
        // One job per invocation: a job may wait out GitHub retries and rate limits, and a batch that ran past the
        // timeout would count every job in it as failed.
        batchSize: 1,
        // A failed job is retried alone, and reported as such rather than by throwing.
        reportBatchItemFailures: true,
        // Keeps the bot well under GitHub's limit of 100 concurrent requests.
        maxConcurrency: 5,
      }),
    );

    // --- Slack's HTTPS endpoint --------------------------------------------------------------------------------

    this.api = new apigwv2.HttpApi(this, "SlackApi", {
      description: "Receives Slack slash commands, interactions and events for the Copilot seat bot",
      createDefaultStage: false,
    });
    this.api.addRoutes({
      path: SLACK_EVENTS_PATH,
      methods: [apigwv2.HttpMethod.POST],
      integration: new HttpLambdaIntegration("SlackEventsIntegration", this.slackEvents.function, {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      }),
    });
    const accessLogs = new logs.LogGroup(this, "SlackApiAccessLogs", {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.api.addStage("DefaultStage", {
      stageName: "$default",
      autoDeploy: true,
      // Far above what one workspace sends, low enough to cap the bill if someone floods the URL.
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: "$context.requestId",
            requestTime: "$context.requestTime",
            sourceIp: "$context.identity.sourceIp",
            userAgent: "$context.identity.userAgent",
            routeKey: "$context.routeKey",
            status: "$context.status",
            responseLength: "$context.responseLength",
            integrationStatus: "$context.integrationStatus",
            integrationLatency: "$context.integrationLatency",
            integrationError: "$context.integrationErrorMessage",
          }),
        ),
      },
    });
    const requestUrl = `${this.api.apiEndpoint}${SLACK_EVENTS_PATH}`;

    // --- Sign in with GitHub -----------------------------------------------------------------------------------

    // A function of its own, so the Slack-facing bundle (which Slack's 3 seconds wait on) does not grow. It is off
    // until GITHUB_APP_CLIENT_ID and GITHUB_APP_CLIENT_SECRET are in the credentials secret.
    this.githubSignIn = new BotFunction(this, "GitHubSignIn", {
      entry: "functions/github-callback.ts",
      description: "Sign in with GitHub: checks the signed state, exchanges the code, stores the proven identity link",
      // Two GitHub calls of at most 5 s each, then a few DynamoDB writes.
      timeout: Duration.seconds(15),
      memorySize: 512,
      environment: { ...environment, BOT_PUBLIC_URL: this.api.apiEndpoint },
      retainLogsFor: LOG_RETENTION,
    });
    // The Slack-facing function hands out the connect links, which point at this API.
    this.slackEvents.function.addEnvironment("BOT_PUBLIC_URL", this.api.apiEndpoint);
    this.credentials.grantRead(this.githubSignIn.function);
    // Least privilege: single items of identity links, proven-login holders and used sign-in states, nothing else.
    this.allowItemsUnder(
      this.githubSignIn,
      ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
      [ITEM_KEYS.identityLink("*").pk, ITEM_KEYS.identityLogin("*").pk, ITEM_KEYS.connectState("*").pk],
    );
    const signInIntegration = new HttpLambdaIntegration("GitHubSignInIntegration", this.githubSignIn.function, {
      payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
    });
    for (const path of [GITHUB_CONNECT_PATH, GITHUB_CALLBACK_PATH]) {
      this.api.addRoutes({ path, methods: [apigwv2.HttpMethod.GET], integration: signInIntegration });
    }

    // --- Identity sync -----------------------------------------------------------------------------------------

    this.identitySync = new BotFunction(this, "IdentitySync", {
      entry: "functions/identity-sync.ts",
      description:
        "Hourly, one pass a day: links Slack people to GitHub accounts from SAML identities or verified-domain emails",
      // The sync stops with 30 s left and keeps its cursors, so the next hourly run goes on from there.
      timeout: Duration.minutes(15),
      memorySize: 512,
      environment,
      retainLogsFor: LOG_RETENTION,
    });
    this.credentials.grantRead(this.identitySync.function);
    // Least privilege: single items of identity links (and their audit entries), proven-login holders and the
    // conflicts told about them, and the sync's cursor; nothing else in the table.
    this.allowItemsUnder(
      this.identitySync,
      ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
      [ITEM_KEYS.identityLink("*").pk, ITEM_KEYS.identityLogin("*").pk, ITEM_KEYS.identitySync("*").pk],
    );

    // --- Schedules ---------------------------------------------------------------------------------------------

    const timeZone = TimeZone.of(config.digestSchedule.timeZone);
    const { weekDay, hour } = config.digestSchedule;
    this.weeklyDigest = new ScheduledJob(this, "WeeklyDigest", {
      function: this.digest,
      job: "weekly-digest",
      description: `Weekly Copilot seat digest, ${weekDay} ${String(hour).padStart(2, "0")}:00 ${timeZone.timezoneName}`,
      schedule: scheduler.ScheduleExpression.cron({ minute: "0", hour: String(hour), weekDay, timeZone }),
      deadLetterQueue: this.scheduledJobsDeadLetterQueue,
    });
    this.identitySyncSchedule = new ScheduledJob(this, "IdentitySyncSchedule", {
      function: this.identitySync,
      job: "identity-sync",
      // Hourly: the day's pass starts at 03:00 and goes on run after run until complete; later runs that day do nothing.
      description: `Copilot seat bot identity sync, hourly; one full pass a day from 03:00 ${timeZone.timezoneName}`,
      schedule: scheduler.ScheduleExpression.cron({ minute: "0", timeZone }),
      deadLetterQueue: this.scheduledJobsDeadLetterQueue,
    });
    this.maintenanceSweep = new ScheduledJob(this, "MaintenanceSweep", {
      function: this.maintenance,
      job: "maintenance-sweep",
      description: `Copilot seat bot maintenance sweep, every ${config.sweepEveryMinutes} minutes`,
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(config.sweepEveryMinutes)),
      deadLetterQueue: this.scheduledJobsDeadLetterQueue,
    });

    // --- Alarms ------------------------------------------------------------------------------------------------

    this.alarms = new BotAlarms(this, "Alarms", { email: config.alarmEmail });
    this.alarms.watchFunction("SlackEvents", this.slackEvents.function);
    this.alarms.watchFunction("Worker", this.worker.function);
    this.alarms.watchFunction(
      "Digest",
      this.digest.function,
      "The weekly digest failed: the digest function threw or timed out. Lambda retries twice; check the digest log group and the scheduled-jobs dead-letter queue.",
    );
    this.alarms.watchFunction("Maintenance", this.maintenance.function);
    this.alarms.watchFunction("GitHubSignIn", this.githubSignIn.function);
    this.alarms.watchFunction(
      "IdentitySync",
      this.identitySync.function,
      "The identity sync failed: it threw or timed out (often a missing GitHub permission, see the README's Deploy section). Lambda retries twice; check its log group and the scheduled-jobs dead-letter queue.",
    );
    this.alarms.watchMetric(
      "AssignmentsFailed",
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: "AssignmentsFailed",
        dimensionsMap: { service: SERVICE_NAME },
        statistic: cloudwatch.Stats.SUM,
        period: Duration.minutes(5),
      }),
      "A Copilot seat assignment failed: GitHub refused it or kept failing. The requester and admins were told; the worker's log says why.",
    );
    this.alarms.watchDeadLetterQueue(
      "JobsDeadLetterQueue",
      this.jobsDeadLetterQueue,
      `A job failed ${JOB_MAX_RECEIVE_COUNT} times and was dead-lettered; a seat request may be stuck. Inspect the message, fix the cause, then redrive it.`,
    );
    this.alarms.watchDeadLetterQueue(
      "ScheduledJobsDeadLetterQueue",
      this.scheduledJobsDeadLetterQueue,
      "A scheduled digest or maintenance run could not be delivered or failed after its retries.",
    );

    // --- Outputs -----------------------------------------------------------------------------------------------

    new CfnOutput(this, "SlackRequestUrl", {
      description: "Request URL for the slash command, interactivity and event subscriptions of the Slack app",
      value: requestUrl,
    });
    new CfnOutput(this, "SlackAppManifest", {
      description:
        "Slack app manifest with the request URL filled in: api.slack.com/apps → Create New App → From a manifest",
      value: this.toJsonString(slackAppManifest(requestUrl)),
    });
    new CfnOutput(this, "GitHubCallbackUrl", {
      description:
        "Sign in with GitHub: the GitHub App's Callback URL (settings → General → Identifying and authorizing users)",
      value: `${this.api.apiEndpoint}${GITHUB_CALLBACK_PATH}`,
    });
    new CfnOutput(this, "CredentialsSecretArn", {
      description: "Put the Slack and GitHub credentials here with aws secretsmanager put-secret-value",
      value: this.credentials.secretArn,
    });
    new CfnOutput(this, "AlarmTopicArn", {
      description: "SNS topic the alarms notify; subscribe more people or a chat integration here",
      value: this.alarms.topic.topicArn,
    });
    new CfnOutput(this, "TableName", { description: "DynamoDB table of the bot", value: this.table.tableName });

    acknowledgeNagFindings(this);
  }

  /**
   * Least privilege inside the one table: `actions` only on items whose partition key matches one of `keyPatterns`
   * (IAM's `dynamodb:LeadingKeys`), so a function can touch its own kinds of item and nothing else.
   */
  private allowItemsUnder(fn: BotFunction, actions: string[], keyPatterns: string[]): void {
    fn.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions,
        resources: [this.table.tableArn],
        conditions: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": keyPatterns } },
      }),
    );
  }
}

function definedOnly(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
