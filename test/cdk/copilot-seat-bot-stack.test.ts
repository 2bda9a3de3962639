import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import type { BotFunction } from "../../cdk/constructs/bot-function.js";
import { BOT_SCOPES } from "../../cdk/slack-app-manifest.js";
import { TABLE_KEYS } from "../../src/dynamodb/table-schema.js";
import {
  grantsOf,
  logicalId,
  REQUIRED_CONTEXT,
  render,
  resource,
  resourcesOfType,
  type SynthesizedApp,
  statementsOf,
  synthesizeApp,
} from "./synthesize-app.js";

// One synthesis with real esbuild bundling, as `npx cdk synth` does it, shared by the tests below.
let synthesized: SynthesizedApp;
beforeAll(() => {
  synthesized = synthesizeApp(REQUIRED_CONTEXT, { bundle: true });
});

const functionsOf = ({ stack }: SynthesizedApp) => ({
  slackEvents: stack.slackEvents,
  worker: stack.worker,
  digest: stack.digest,
  maintenance: stack.maintenance,
  githubSignIn: stack.githubSignIn,
  identitySync: stack.identitySync,
});
type FunctionName = keyof ReturnType<typeof functionsOf>;
const FUNCTION_NAMES: FunctionName[] = [
  "slackEvents",
  "worker",
  "digest",
  "maintenance",
  "githubSignIn",
  "identitySync",
];

function functionResource(name: FunctionName) {
  const fn: BotFunction = functionsOf(synthesized)[name];
  return resource(synthesized.template, logicalId(fn.function));
}

function environmentOf(name: FunctionName): Record<string, unknown> {
  return (functionResource(name).Properties.Environment as { Variables: Record<string, unknown> }).Variables;
}

describe("Lambda functions", () => {
  it("are exactly the six bot functions: no helper functions such as log-retention custom resources", () => {
    // Prepare
    const { template } = synthesized;

    // Act
    const functions = resourcesOfType(template, "AWS::Lambda::Function");

    // Assess
    expect(Object.keys(functions).sort()).toEqual(
      FUNCTION_NAMES.map((name) => logicalId(functionsOf(synthesized)[name].function)).sort(),
    );
  });

  it("run on the newest Node.js runtime that aws-cdk-lib offers, on ARM64", () => {
    // Prepare: the newest nodejsNN.x among the runtimes this aws-cdk-lib knows
    const newest = Object.values(lambda.Runtime)
      .filter((runtime): runtime is lambda.Runtime => runtime instanceof lambda.Runtime)
      .map((runtime) => runtime.name)
      .filter((name) => /^nodejs\d+\.x$/.test(name))
      .sort((a, b) => Number.parseInt(a.slice(6), 10) - Number.parseInt(b.slice(6), 10))
      .at(-1);

    // Act
    const runtimes = FUNCTION_NAMES.map((name) => functionResource(name).Properties);

    // Assess
    expect(newest).toMatch(/^nodejs\d+\.x$/);
    for (const properties of runtimes) {
      expect(properties).toMatchObject({ Runtime: newest, Architectures: ["arm64"], Handler: "index.handler" });
    }
  });

  it.each([
    ["slackEvents", 10, 1024],
    ["worker", 60, 1024],
    ["digest", 300, 1024],
    ["maintenance", 120, 512],
  ] as const)("gives %s a %i s timeout and %i MB", (name, timeout, memory) => {
    // Prepare / Act
    const properties = functionResource(name).Properties;

    // Assess
    expect(properties).toMatchObject({ Timeout: timeout, MemorySize: memory });
  });

  it("are each bundled by esbuild from their own entry point into a minified ESM file, source-mapped where Slack does not wait", () => {
    // Prepare
    const { assemblyDirectory } = synthesized;

    // Act: the code asset is uploaded as <hash>.zip and staged in the assembly as asset.<hash>
    const bundles = FUNCTION_NAMES.map((name) => {
      const code = functionResource(name).Properties.Code as { S3Key: string };
      return path.join(assemblyDirectory, `asset.${code.S3Key.replace(/\.zip$/, "")}`);
    });

    // Assess
    expect(new Set(bundles).size).toBe(FUNCTION_NAMES.length);
    for (const [index, bundle] of bundles.entries()) {
      // The digest also carries the chart renderer's WebAssembly module and font.
      const extras = FUNCTION_NAMES[index] === "digest" ? ["DejaVuSans.ttf", "resvg.wasm"] : [];
      // The Slack-facing function's cold start is on Slack's 3-second clock, so it carries no source map.
      const map = FUNCTION_NAMES[index] === "slackEvents" ? [] : ["index.mjs.map"];
      expect(readdirSync(bundle).sort()).toEqual([...extras, "index.mjs", ...map].sort());
      const code = readFileSync(path.join(bundle, "index.mjs"), "utf8");
      if (map.length > 0) expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
      else expect(code).not.toContain("sourceMappingURL");
      expect(code).toContain("createRequire");
    }
  });

  it("get the table, the secret's ARN and the bot settings as environment, and the queue only where they enqueue", () => {
    // Prepare
    const { stack } = synthesized;
    const table = { Ref: logicalId(stack.table) };
    const secret = { Ref: logicalId(stack.credentials) };
    const queueUrl = { Ref: logicalId(stack.jobsQueue) };
    const shared = {
      TABLE_NAME: table,
      SECRET_NAME: secret,
      GITHUB_ORG: "acme",
      COPILOT_ADMIN_IDS: "",
      POWERTOOLS_SERVICE_NAME: "copilot-seat-bot",
      POWERTOOLS_METRICS_NAMESPACE: "CopilotSeatBot",
      POWERTOOLS_LOG_LEVEL: "INFO",
      // Working time for reminders and escalation counts in the digest's time zone.
      TIME_ZONE: "UTC",
      // New deployments take requests only for accounts people proved are theirs.
      REQUIRE_PROVEN_LOGIN: "true",
    };
    const sourceMapped = { NODE_OPTIONS: "--enable-source-maps" };
    // Where connect links point and GitHub sends people back: the HTTP API's own endpoint.
    const publicUrl = { BOT_PUBLIC_URL: { "Fn::GetAtt": [logicalId(stack.api), "ApiEndpoint"] } };

    // Act
    const environments = Object.fromEntries(FUNCTION_NAMES.map((name) => [name, environmentOf(name)]));

    // Assess
    expect(environments).toEqual({
      // No source-map cost where Slack waits for the first acknowledgement.
      slackEvents: { ...shared, JOB_QUEUE_URL: queueUrl, ...publicUrl },
      worker: { ...shared, ...sourceMapped, JOB_QUEUE_URL: queueUrl },
      digest: { ...shared, ...sourceMapped, DIGEST_CHANNEL: "C0123456789" },
      maintenance: { ...shared, ...sourceMapped, JOB_QUEUE_URL: queueUrl },
      githubSignIn: { ...shared, ...sourceMapped, ...publicUrl },
      identitySync: { ...shared, ...sourceMapped },
    });
  });

  it("never carry a credential: the template holds no secret value and no dynamic reference to one", () => {
    // Prepare
    const { template, stack } = synthesized;

    // Act
    const text = JSON.stringify(template.toJSON());
    const secret = resource(template, logicalId(stack.credentials));

    // Assess
    expect(text).not.toContain("resolve:secretsmanager");
    expect(secret.Properties).not.toHaveProperty("SecretString");
    expect(
      JSON.parse((secret.Properties.GenerateSecretString as { SecretStringTemplate: string }).SecretStringTemplate),
    ).toEqual({
      SLACK_SIGNING_SECRET: "",
      SLACK_BOT_TOKEN: "",
      GITHUB_TOKEN: "",
    });
  });
});

describe("Slack's HTTPS endpoint", () => {
  it("routes POST /slack/events to the Slack-facing function and Sign in with GitHub's two GETs to their own, with payload format 2.0", () => {
    // Prepare
    const { template, stack } = synthesized;

    // Act
    const routes = resourcesOfType(template, "AWS::ApiGatewayV2::Route");
    const integrations = resourcesOfType(template, "AWS::ApiGatewayV2::Integration");

    // Assess
    expect(Object.values(routes).map((route) => route.Properties.RouteKey)).toEqual([
      "POST /slack/events",
      "GET /github/connect",
      "GET /github/callback",
    ]);
    expect(Object.values(integrations).map((integration) => integration.Properties)).toEqual([
      expect.objectContaining({
        IntegrationType: "AWS_PROXY",
        PayloadFormatVersion: "2.0",
        IntegrationUri: { "Fn::GetAtt": [logicalId(stack.slackEvents.function), "Arn"] },
      }),
      expect.objectContaining({
        IntegrationType: "AWS_PROXY",
        PayloadFormatVersion: "2.0",
        IntegrationUri: { "Fn::GetAtt": [logicalId(stack.githubSignIn.function), "Arn"] },
      }),
    ]);
  });

  it("logs every request as JSON and throttles the stage", () => {
    // Prepare
    const { template } = synthesized;

    // Act
    const stages = Object.values(resourcesOfType(template, "AWS::ApiGatewayV2::Stage"));

    // Assess
    expect(stages).toHaveLength(1);
    const stage = stages[0]?.Properties ?? {};
    expect(stage).toMatchObject({
      StageName: "$default",
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: { "Fn::GetAtt": [expect.stringMatching(/^SlackApiAccessLogs/), "Arn"] } },
    });
    const format = JSON.parse((stage.AccessLogSettings as { Format: string }).Format) as Record<string, string>;
    expect(format).toMatchObject({ requestId: "$context.requestId", status: "$context.status" });
  });
});

describe("DynamoDB table", () => {
  it("has the keys, indexes and TTL attribute of the shared table schema", () => {
    // Prepare
    const { template, stack } = synthesized;
    const stringKey = (name: string) => ({ AttributeName: name, AttributeType: "S" });

    // Act
    const table = resource(template, logicalId(stack.table)).Properties;

    // Assess
    expect(table.KeySchema).toEqual([
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: "HASH" },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: "RANGE" },
    ]);
    expect(table.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        stringKey(TABLE_KEYS.partitionKey),
        stringKey(TABLE_KEYS.sortKey),
        ...TABLE_KEYS.globalSecondaryIndexes.flatMap((index) => [
          stringKey(index.partitionKey),
          stringKey(index.sortKey),
        ]),
      ]),
    );
    expect(table.GlobalSecondaryIndexes).toEqual(
      TABLE_KEYS.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: "HASH" },
          { AttributeName: index.sortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      })),
    );
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: TABLE_KEYS.timeToLiveAttribute, Enabled: true });
  });

  it("is on-demand, has point-in-time recovery and deletion protection, and survives a stack deletion", () => {
    // Prepare
    const { template, stack } = synthesized;

    // Act
    const table = resource(template, logicalId(stack.table));

    // Assess
    expect(table.Properties).toMatchObject({
      BillingMode: "PAY_PER_REQUEST",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
    expect(table.DeletionPolicy).toBe("Retain");
    expect(table.UpdateReplacePolicy).toBe("Retain");
  });
});

describe("job queue", () => {
  it("dead-letters a job after 5 receives and hides a received job for 6× the worker's timeout", () => {
    // Prepare
    const { template, stack } = synthesized;

    // Act
    const queue = resource(template, logicalId(stack.jobsQueue)).Properties;

    // Assess
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: { "Fn::GetAtt": [logicalId(stack.jobsDeadLetterQueue), "Arn"] },
      maxReceiveCount: 5,
    });
    expect(queue.VisibilityTimeout).toBe(360);
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(
      6 * (functionResource("worker").Properties.Timeout as number),
    );
  });

  it("is consumed by the worker in batches of 5 with partial batch responses", () => {
    // Prepare
    const { template, stack } = synthesized;

    // Act
    const mappings = Object.values(resourcesOfType(template, "AWS::Lambda::EventSourceMapping"));

    // Assess
    expect(mappings.map((mapping) => mapping.Properties)).toEqual([
      expect.objectContaining({
        EventSourceArn: { "Fn::GetAtt": [logicalId(stack.jobsQueue), "Arn"] },
        FunctionName: { Ref: logicalId(stack.worker.function) },
        BatchSize: 1,
        FunctionResponseTypes: ["ReportBatchItemFailures"],
      }),
    ]);
  });

  it("and every dead-letter queue are encrypted and refuse requests without TLS", () => {
    // Prepare
    const { template, stack } = synthesized;
    const queues = [stack.jobsQueue, stack.jobsDeadLetterQueue, stack.scheduledJobsDeadLetterQueue];

    // Act
    const policies = Object.values(resourcesOfType(template, "AWS::SQS::QueuePolicy"));

    // Assess
    expect(Object.keys(resourcesOfType(template, "AWS::SQS::Queue"))).toHaveLength(queues.length);
    for (const queue of queues) {
      expect(resource(template, logicalId(queue)).Properties.SqsManagedSseEnabled).toBe(true);
      const policy = policies.find((candidate) =>
        (candidate.Properties.Queues as { Ref: string }[]).some((ref) => ref.Ref === logicalId(queue)),
      );
      expect(policy?.Properties.PolicyDocument).toEqual({
        Version: "2012-10-17",
        Statement: [
          expect.objectContaining({
            Effect: "Deny",
            Principal: { AWS: "*" },
            Action: "sqs:*",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
        ],
      });
    }
  });
});

describe("schedules", () => {
  it("post the digest every Monday at 09:00 UTC by default, retrying and dead-lettering undeliverable runs", () => {
    // Prepare
    const { template, stack } = synthesized;

    // Act
    const schedule = resource(template, logicalId(stack.weeklyDigest.schedule)).Properties;

    // Assess
    expect(schedule).toMatchObject({
      ScheduleExpression: "cron(0 9 ? * MON *)",
      ScheduleExpressionTimezone: "UTC",
      State: "ENABLED",
      Target: {
        Arn: { "Fn::GetAtt": [logicalId(stack.digest.function), "Arn"] },
        RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 7200 },
        DeadLetterConfig: { Arn: { "Fn::GetAtt": [logicalId(stack.scheduledJobsDeadLetterQueue), "Arn"] } },
      },
    });
    expect(JSON.parse((schedule.Target as { Input: string }).Input)).toEqual({
      job: "weekly-digest",
      scheduledTime: "<aws.scheduler.scheduled-time>",
      executionId: "<aws.scheduler.execution-id>",
    });
  });

  it("run the maintenance sweep every 15 minutes", () => {
    // Prepare
    const { template, stack } = synthesized;

    // Act
    const schedule = resource(template, logicalId(stack.maintenanceSweep.schedule)).Properties;

    // Assess
    expect(schedule).toMatchObject({
      ScheduleExpression: "rate(15 minutes)",
      Target: {
        Arn: { "Fn::GetAtt": [logicalId(stack.maintenance.function), "Arn"] },
        DeadLetterConfig: { Arn: { "Fn::GetAtt": [logicalId(stack.scheduledJobsDeadLetterQueue), "Arn"] } },
      },
    });
  });

  it("run the identity sync hourly in the digest's time zone, so a day's pass can go on run after run", () => {
    // Prepare
    const { template, stack } = synthesized;

    // Act
    const schedule = resource(template, logicalId(stack.identitySyncSchedule.schedule)).Properties;

    // Assess
    expect(schedule).toMatchObject({
      ScheduleExpression: "cron(0 * * * ? *)",
      ScheduleExpressionTimezone: "UTC",
      Target: {
        Arn: { "Fn::GetAtt": [logicalId(stack.identitySync.function), "Arn"] },
        DeadLetterConfig: { Arn: { "Fn::GetAtt": [logicalId(stack.scheduledJobsDeadLetterQueue), "Arn"] } },
      },
    });
    expect(JSON.parse((schedule.Target as { Input: string }).Input)).toMatchObject({ job: "identity-sync" });
  });

  it("send a digest or maintenance run that still fails after Lambda's two retries to the dead-letter queue", () => {
    // Prepare
    const { template, stack } = synthesized;

    // Act
    const configs = Object.values(resourcesOfType(template, "AWS::Lambda::EventInvokeConfig")).map(
      (config) => config.Properties,
    );

    // Assess
    expect(configs).toEqual(
      [stack.digest, stack.maintenance, stack.identitySync].map((fn) =>
        expect.objectContaining({
          FunctionName: { Ref: logicalId(fn.function) },
          MaximumRetryAttempts: 2,
          DestinationConfig: {
            OnFailure: { Destination: { "Fn::GetAtt": [logicalId(stack.scheduledJobsDeadLetterQueue), "Arn"] } },
          },
        }),
      ),
    );
  });
});

describe("alarms", () => {
  function alarms() {
    return Object.values(resourcesOfType(synthesized.template, "AWS::CloudWatch::Alarm")).map(
      (alarm) => alarm.Properties,
    );
  }

  it("fire on the first error or throttle of any function", () => {
    // Prepare
    const { stack } = synthesized;

    // Act
    const all = alarms();

    // Assess
    for (const name of FUNCTION_NAMES) {
      const dimensions = [{ Name: "FunctionName", Value: { Ref: logicalId(functionsOf(synthesized)[name].function) } }];
      for (const metric of ["Errors", "Throttles"]) {
        expect(all).toContainEqual(
          expect.objectContaining({
            Namespace: "AWS/Lambda",
            MetricName: metric,
            Dimensions: dimensions,
            Statistic: "Sum",
            Threshold: 1,
            ComparisonOperator: "GreaterThanOrEqualToThreshold",
            TreatMissingData: "notBreaching",
          }),
        );
      }
    }
    // Two each for Sign in with GitHub and the identity sync: their functions' errors and throttles.
    expect(stack.alarms.alarms).toHaveLength(15);
  });

  it("fire when the weekly digest fails", () => {
    // Prepare
    const { stack } = synthesized;

    // Act
    const digestErrors = alarms().filter(
      (alarm) =>
        alarm.MetricName === "Errors" &&
        JSON.stringify(alarm.Dimensions) ===
          JSON.stringify([{ Name: "FunctionName", Value: { Ref: logicalId(stack.digest.function) } }]),
    );

    // Assess
    expect(digestErrors).toEqual([
      expect.objectContaining({ AlarmDescription: expect.stringMatching(/^The weekly digest failed/) }),
    ]);
  });

  it("fire on the first failed seat assignment the worker counts", () => {
    // Act
    const failed = alarms().filter((alarm) => alarm.MetricName === "AssignmentsFailed");

    // Assess
    expect(failed).toEqual([
      expect.objectContaining({
        Namespace: "CopilotSeatBot",
        Dimensions: [{ Name: "service", Value: "copilot-seat-bot" }],
        Statistic: "Sum",
        Threshold: 1,
      }),
    ]);
  });

  it("fire as soon as any dead-letter queue holds a message", () => {
    // Prepare
    const { stack } = synthesized;

    // Act
    const all = alarms();

    // Assess
    for (const queue of [stack.jobsDeadLetterQueue, stack.scheduledJobsDeadLetterQueue]) {
      expect(all).toContainEqual(
        expect.objectContaining({
          Namespace: "AWS/SQS",
          MetricName: "ApproximateNumberOfMessagesVisible",
          Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [logicalId(queue), "QueueName"] } }],
          Threshold: 1,
        }),
      );
    }
  });

  it("all notify the alarm topic, which has no subscriber unless alarmEmail is set", () => {
    // Prepare
    const { template, stack } = synthesized;
    const topic = { Ref: logicalId(stack.alarms.topic) };

    // Act
    const all = alarms();

    // Assess
    expect(all).toHaveLength(15);
    for (const alarm of all) {
      expect(alarm).toMatchObject({ AlarmActions: [topic], OKActions: [topic] });
    }
    template.resourceCountIs("AWS::SNS::Subscription", 0);
  });
});

describe("IAM", () => {
  function grantsOfFunction(fn: BotFunction) {
    return grantsOf(synthesized.template, logicalId(fn.role));
  }
  function statementsOfFunction(fn: BotFunction) {
    return statementsOf(synthesized.template, logicalId(fn.role));
  }
  /** The function's statements that allow any table action matching `action`. */
  function tableStatementsOf(fn: BotFunction, action = /^dynamodb:/) {
    return statementsOfFunction(fn).filter((s) => [s.Action].flat().some((a) => action.test(String(a))));
  }
  /** The condition `allowItemsUnder` puts on a statement: only items whose partition key starts with these. */
  const onlyItemsUnder = (keyPatterns: string[]) => ({
    "ForAllValues:StringLike": { "dynamodb:LeadingKeys": keyPatterns },
  });
  const ids = () => {
    const { stack } = synthesized;
    return {
      table: `<${logicalId(stack.table)}.Arn>`,
      tableIndexes: `<${logicalId(stack.table)}.Arn>/index/*`,
      queue: `<${logicalId(stack.jobsQueue)}.Arn>`,
      secret: `<${logicalId(stack.credentials)}>`,
      scheduledDeadLetters: `<${logicalId(stack.scheduledJobsDeadLetterQueue)}.Arn>`,
      logs: (fn: BotFunction) => `<${logicalId(fn.logGroup)}.Arn>`,
    };
  };
  const TABLE_WRITES = ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"];
  const TABLE_READS = ["dynamodb:GetItem", "dynamodb:Query"];

  it("grants no wildcard action anywhere", () => {
    // Prepare
    const { template } = synthesized;
    const documents = [
      ...Object.values(resourcesOfType(template, "AWS::IAM::Policy")).map((policy) => policy.Properties.PolicyDocument),
      ...Object.values(resourcesOfType(template, "AWS::IAM::Role")).flatMap((role) =>
        ((role.Properties.Policies as { PolicyDocument: unknown }[] | undefined) ?? []).map(
          (policy) => policy.PolicyDocument,
        ),
      ),
    ] as { Statement: { Action: unknown }[] }[];

    // Act
    const actions = documents.flatMap((document) =>
      document.Statement.flatMap((statement) => [statement.Action].flat()),
    );

    // Assess
    expect(actions.length).toBeGreaterThan(20);
    expect(actions.filter((action) => String(action).includes("*"))).toEqual([]);
  });

  it("uses no AWS managed policy: functions write only to their own log group", () => {
    // Prepare
    const { template } = synthesized;

    // Act
    const roles = Object.values(resourcesOfType(template, "AWS::IAM::Role"));

    // Assess
    for (const role of roles) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it("lets the Slack-facing function read and write the table, send to the job queue and read the secret, and nothing else", () => {
    // Prepare
    const fn = synthesized.stack.slackEvents;
    const id = ids();

    // Act
    const grants = grantsOfFunction(fn);

    // Assess
    expect(Object.keys(grants).sort()).toEqual([id.table, id.tableIndexes, id.queue, id.secret, id.logs(fn)].sort());
    expect(grants[id.table]).toEqual(expect.arrayContaining([...TABLE_READS, ...TABLE_WRITES]));
    expect(grants[id.queue]).toEqual(expect.arrayContaining(["sqs:SendMessage"]));
    expect(grants[id.queue]).not.toContain("sqs:ReceiveMessage");
    expect(grants[id.secret]).toEqual(["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"]);
    expect(grants[id.logs(fn)]).toEqual(["logs:CreateLogStream", "logs:PutLogEvents"]);
  });

  it("lets the worker read and write the table, consume the job queue and queue the jobs that follow", () => {
    // Prepare
    const fn = synthesized.stack.worker;
    const id = ids();

    // Act
    const grants = grantsOfFunction(fn);

    // Assess
    expect(Object.keys(grants).sort()).toEqual([id.table, id.tableIndexes, id.queue, id.secret, id.logs(fn)].sort());
    expect(grants[id.table]).toEqual(expect.arrayContaining([...TABLE_READS, ...TABLE_WRITES]));
    expect(grants[id.queue]).toEqual(
      expect.arrayContaining(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"]),
    );
    expect(grants[id.queue]).toContain("sqs:SendMessage");
  });

  it("lets maintenance read the table, write only requests' own items, send to the job queue, and dead-letter its failed runs", () => {
    // Prepare
    const fn = synthesized.stack.maintenance;
    const id = ids();

    // Act
    const grants = grantsOfFunction(fn);

    // Assess
    expect(Object.keys(grants).sort()).toEqual(
      [id.table, id.tableIndexes, id.queue, id.secret, id.scheduledDeadLetters, id.logs(fn)].sort(),
    );
    expect(grants[id.table]).toEqual(expect.arrayContaining(TABLE_READS));
    expect(grants[id.table]).not.toEqual(expect.arrayContaining([expect.stringMatching(/Write/)]));
    const writes = tableStatementsOf(fn, /^dynamodb:(Put|Update|Delete)/);
    // Requests' own items (transitions of the request lifecycle, audit items, seat-end markers) and the open-request
    // slot an expired request frees; and the reclaim round's pointer, round and batches it moves on.
    expect(writes).toEqual([
      expect.objectContaining({
        Action: ["dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
        Condition: onlyItemsUnder(["REQUEST#*", "OPEN#*", "RECLAIM#*"]),
      }),
    ]);
    expect(grants[id.queue]).toContain("sqs:SendMessage");
  });

  for (const { name, fn, own, deadLetters } of [
    {
      name: "Sign in with GitHub",
      fn: () => synthesized.stack.githubSignIn,
      own: ["used states", "OAUTHSTATE#*"],
      deadLetters: false,
    },
    {
      name: "the identity sync",
      fn: () => synthesized.stack.identitySync,
      own: ["its cursor", "IDENTITYSYNC#*"],
      deadLetters: true,
    },
  ] as const) {
    it(`lets ${name} only get, put and delete identity links, login holders and ${own[0]}, and read the secret`, () => {
      // Prepare
      const id = ids();

      // Act
      const grants = grantsOfFunction(fn());

      // Assess
      expect(Object.keys(grants).sort()).toEqual(
        [id.table, id.secret, ...(deadLetters ? [id.scheduledDeadLetters] : []), id.logs(fn())].sort(),
      );
      expect(grants[id.table]).toEqual(["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem"]);
      expect(tableStatementsOf(fn())).toEqual([
        expect.objectContaining({ Condition: onlyItemsUnder(["IDENTITY#*", "GHLINK#*", own[1]]) }),
      ]);
    });
  }

  it("lets the digest only read the table and the secret, write its own run markers, and dead-letter its failed runs", () => {
    // Prepare
    const fn = synthesized.stack.digest;
    const id = ids();

    // Act
    const grants = grantsOfFunction(fn);

    // Assess
    expect(Object.keys(grants).sort()).toEqual(
      [id.table, id.tableIndexes, id.secret, id.scheduledDeadLetters, id.logs(fn)].sort(),
    );
    expect(grants[id.table]).toEqual(expect.arrayContaining(TABLE_READS));
    // Its only writes are the conditioned statements below (BatchWriteItem among them, for the per-person summaries;
    // UpdateItem to confirm a posted digest's marker).
    expect(grants[id.table]).not.toEqual(expect.arrayContaining([expect.stringMatching(/TransactWrite/)]));
    const markerWrites = tableStatementsOf(fn, /^dynamodb:PutItem$/);
    expect(markerWrites).toEqual([
      expect.objectContaining({
        Action: ["dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
        Condition: onlyItemsUnder(["ONCE#digest:*"]),
      }),
      // Its stored usage: weekly figures for the 12-week trend, and each person's 28-day summary.
      expect.objectContaining({
        Action: ["dynamodb:BatchWriteItem", "dynamodb:PutItem"],
        Condition: onlyItemsUnder(["USAGE#*"]),
      }),
    ]);
    expect(grants[id.secret]).toEqual(["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"]);
    expect(grants[id.scheduledDeadLetters]).toContain("sqs:SendMessage");
  });

  it("lets each schedule invoke only its own function, and only from this account", () => {
    // Prepare
    const { template, stack } = synthesized;
    const id = ids();

    for (const job of [stack.weeklyDigest, stack.maintenanceSweep, stack.identitySyncSchedule]) {
      // Act
      const grants = grantsOf(template, logicalId(job.role));
      const trust = resource(template, logicalId(job.role)).Properties.AssumeRolePolicyDocument;

      // Assess
      const functionArn = `<${logicalId(job.function.function)}.Arn>`;
      expect(grants).toEqual({
        [functionArn]: ["lambda:InvokeFunction"],
        [`${functionArn}:*`]: ["lambda:InvokeFunction"],
        [id.scheduledDeadLetters]: ["sqs:SendMessage"],
      });
      expect(trust).toMatchObject({
        Statement: [
          {
            Principal: { Service: "scheduler.amazonaws.com" },
            Condition: { StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } } },
          },
        ],
      });
    }
  });
});

describe("outputs", () => {
  // The HTTP API's own endpoint (https://<api-id>.execute-api.<region>.amazonaws.com) plus the route.
  const REQUEST_URL = "<SlackApi.ApiEndpoint>/slack/events";

  function output(name: string): string {
    const outputs = synthesized.template.findOutputs(name) as Record<string, { Value: unknown }>;
    const found = outputs[name];
    if (found === undefined) throw new Error(`No output ${name}`);
    return render(found.Value).replaceAll(`<${logicalId(synthesized.stack.api)}.`, "<SlackApi.");
  }

  it("give the Slack request URL", () => {
    // Prepare / Act
    const url = output("SlackRequestUrl");

    // Assess
    expect(url).toBe(REQUEST_URL);
  });

  it("give a Slack app manifest with the request URL filled in everywhere Slack calls the bot", () => {
    // Prepare / Act
    const manifest = JSON.parse(output("SlackAppManifest"));

    // Assess
    expect(manifest.features.slash_commands).toEqual([
      expect.objectContaining({ command: "/copilot", url: REQUEST_URL, should_escape: true }),
    ]);
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: REQUEST_URL });
    expect(manifest.settings.event_subscriptions).toEqual({
      request_url: REQUEST_URL,
      bot_events: ["app_home_opened"],
    });
    expect(manifest.oauth_config.scopes.bot).toEqual([...BOT_SCOPES]);
    expect(BOT_SCOPES).toEqual([
      "commands",
      "chat:write",
      "im:write",
      "users:read",
      // The identity sync finds Slack people by email.
      "users:read.email",
      "files:write",
      "channels:read",
    ]);
    expect(JSON.stringify(manifest)).not.toContain("example.com");
  });

  it("give the GitHub App's callback URL for Sign in with GitHub", () => {
    // Prepare / Act
    const url = output("GitHubCallbackUrl");

    // Assess
    expect(url).toBe("<SlackApi.ApiEndpoint>/github/callback");
  });

  it("give the secret to put the credentials in", () => {
    // Prepare / Act
    const secret = output("CredentialsSecretArn");

    // Assess
    expect(secret).toBe(`<${logicalId(synthesized.stack.credentials)}>`);
  });
});

describe("deployment", () => {
  it("is environment-agnostic, so it synthesizes without AWS credentials or a region", () => {
    // Prepare / Act
    const { environment } = synthesized.stack;

    // Assess
    expect(environment).toBe("aws://unknown-account/unknown-region");
  });

  it("passes cdk-nag's AwsSolutions checks with no unacknowledged error or warning", () => {
    // Prepare / Act
    const { validationReport } = synthesized;

    // Assess
    expect(validationReport.pluginReports.flatMap((report) => report.violations)).toEqual([]);
  });

  it("acknowledges each accepted cdk-nag finding on one resource, with its own reason", () => {
    // Prepare
    const { stack } = synthesized;

    // Act
    const acknowledgements = stack.node.findAll().flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
        .map(([rule, reason]) => ({ path: construct.node.path, rule, reason })),
    );

    // Assess: one acknowledgement per table-reading role and per schedule role, and three single-resource rules
    const rules = acknowledgements
      .map((entry) => entry.rule.replace(/^Annotation::/, "").replace(/<([A-Za-z]+?)[0-9A-F]{8}\.Arn>/, "<$1.Arn>"))
      .sort();
    expect(rules).toEqual(
      [
        ...Array.from({ length: 4 }, () => "AwsSolutions-IAM5[Resource::<Table.Arn>/index/*]"),
        "AwsSolutions-IAM5[Resource::<DigestFunction.Arn>:*]",
        "AwsSolutions-IAM5[Resource::<MaintenanceFunction.Arn>:*]",
        "AwsSolutions-IAM5[Resource::<IdentitySyncFunction.Arn>:*]",
        "AwsSolutions-SMG4",
        "AwsSolutions-SQS3",
        "AwsSolutions-APIG4",
      ].sort(),
    );
    expect(acknowledgements.filter((entry) => entry.path === stack.stackName)).toEqual([]);
    for (const { reason } of acknowledgements) {
      expect(reason.length).toBeGreaterThan(80);
    }
  });

  it("fails the synth when a change introduces a wildcard permission that nobody acknowledged", () => {
    // Prepare: the real app with an extra wildcard statement on the Slack-facing function
    const addWildcard = (stackToChange: SynthesizedApp["stack"]) =>
      stackToChange.slackEvents.role.addToPolicy(new iam.PolicyStatement({ actions: ["s3:*"], resources: ["*"] }));

    // Act
    const synth = () => synthesizeApp(REQUIRED_CONTEXT, { bundle: false, beforeSynth: addWildcard });

    // Assess
    expect(synth).toThrow(/AwsSolutions-IAM5\[Action::s3:\*\]/);
  });
});

describe("with every optional context value set", () => {
  let custom: SynthesizedApp;
  beforeAll(() => {
    custom = synthesizeApp(
      {
        ...REQUIRED_CONTEXT,
        digestScheduleDay: "fri",
        digestScheduleHour: "14",
        digestTimeZone: "Europe/Berlin",
        adminUserIds: "U0123ABCD,U0456EFGH",
        alarmEmail: "platform@example.com",
        githubApiUrl: "https://github.example.com/api/v3",
        slackApiUrl: "https://slack-gov.com/api/",
        githubEnterprise: "acme-corp",
        metricsSource: "usage",
        digestTeamChannels: "backend=C0123ABCD",
        seatPriceBusiness: "21",
        seatPriceEnterprise: "42",
      },
      { bundle: false },
    );
  });

  it("schedules the digest on the given day and hour in the given time zone, and the sweep by rate", () => {
    // Prepare
    const { template, stack } = custom;

    // Act
    const digest = resource(template, logicalId(stack.weeklyDigest.schedule)).Properties;
    const maintenance = resource(template, logicalId(stack.maintenanceSweep.schedule)).Properties;

    // Assess
    expect(digest).toMatchObject({
      ScheduleExpression: "cron(0 14 ? * FRI *)",
      ScheduleExpressionTimezone: "Europe/Berlin",
    });
    expect(maintenance).toMatchObject({ ScheduleExpression: "rate(15 minutes)" });
  });

  it("subscribes the alarm email to the alarm topic", () => {
    // Prepare
    const { template, stack } = custom;

    // Act / Assess
    template.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: "platform@example.com",
      TopicArn: { Ref: logicalId(stack.alarms.topic) },
    });
  });

  it("passes the admins and the optional endpoints to the functions that use them", () => {
    // Prepare
    const { template, stack } = custom;
    const environment = (fn: BotFunction) =>
      (resource(template, logicalId(fn.function)).Properties.Environment as { Variables: Record<string, unknown> })
        .Variables;

    // Act
    const slackEvents = environment(stack.slackEvents);
    const digest = environment(stack.digest);

    // Assess
    const endpoints = {
      COPILOT_ADMIN_IDS: "U0123ABCD,U0456EFGH",
      GITHUB_API_URL: "https://github.example.com/api/v3",
      SLACK_API_URL: "https://slack-gov.com/api/",
    };
    expect(slackEvents).toMatchObject(endpoints);
    expect(slackEvents).not.toHaveProperty("GITHUB_ENTERPRISE");
    expect(digest).toMatchObject({
      ...endpoints,
      GITHUB_ENTERPRISE: "acme-corp",
      METRICS_SOURCE: "usage",
      DIGEST_TEAM_CHANNELS: "backend=C0123ABCD",
      COPILOT_SEAT_PRICE_BUSINESS: "21",
      COPILOT_SEAT_PRICE_ENTERPRISE: "42",
    });
  });
});
