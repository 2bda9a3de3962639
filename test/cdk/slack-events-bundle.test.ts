import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CREDENTIALS_STUB } from "../../cdk/constructs/bot-function.js";
import { SlackFake } from "../fakes/slack-fake.js";
import { SqsFake } from "../fakes/sqs-fake.js";
import { BOT_TOKEN, testEnvironment } from "../support/bot-under-test.js";
import { recreateTable, startDynalite } from "../support/dynalite-server.js";
import { slashCommand } from "../support/slack-requests.js";
import { logicalId, REQUIRED_CONTEXT, resource, synthesizeApp } from "./synthesize-app.js";

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

// The Slack-facing function exactly as `cdk synth` bundles it, loaded from its asset folder, where no node_modules
// can stand in for anything the bundle left out.
let assembly: string | undefined;
let bundleDirectory: string;
let slack: SlackFake;
let sqs: SqsFake;
let dynamodb: Awaited<ReturnType<typeof startDynalite>>;
let handler: Handler;
const TABLE_NAME = "copilot-seat-bot-bundle-test";

beforeAll(async () => {
  const { template, stack, assemblyDirectory } = synthesizeApp(REQUIRED_CONTEXT, { bundle: true });
  const code = resource(template, logicalId(stack.slackEvents.function)).Properties.Code as { S3Key: string };
  assembly = assemblyDirectory;
  bundleDirectory = path.join(assemblyDirectory, `asset.${code.S3Key.replace(/\.zip$/, "")}`);
  slack = await new SlackFake(BOT_TOKEN).start();
  sqs = await new SqsFake().start();
  dynamodb = await startDynalite();
  await recreateTable(dynamodb.client, TABLE_NAME);
  Object.assign(process.env, {
    ...testEnvironment({ slackApiUrl: slack.apiUrl, githubApiUrl: "http://127.0.0.1:9" }),
    TABLE_NAME,
    DYNAMODB_ENDPOINT: dynamodb.endpoint,
    JOB_QUEUE_URL: sqs.queueUrl,
    // SQS is reached through the SDK's default credential chain, as in Lambda: the credentials below, from the
    // environment.
    AWS_ENDPOINT_URL_SQS: sqs.url,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
  });
  delete process.env.SECRET_NAME;
  ({ handler } = (await import(pathToFileURL(path.join(bundleDirectory, "index.mjs")).href)) as { handler: Handler });
}, 120_000);

afterAll(async () => {
  await slack?.stop();
  await sqs?.stop();
  await dynamodb?.close();
  if (assembly) rmSync(assembly, { recursive: true, force: true });
});

describe("the Slack-facing Lambda bundle", () => {
  it("answers a signed slash command through Bolt's Lambda receiver", async () => {
    // Prepare
    const event = slashCommand({ userId: "U0REQUESTER", text: "help", responseUrl: slack.responseUrl("help") });

    // Act
    const response = await handler(event, { functionName: "slack-events", awsRequestId: "1" } as Context);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(String(response.body))).toMatchObject({ response_type: "ephemeral" });
    expect(String(response.body)).toContain("/copilot help");
  });

  it("refuses a request whose signature does not match, as Bolt does", async () => {
    // Prepare
    const event = slashCommand({
      userId: "U0REQUESTER",
      text: "help",
      responseUrl: slack.responseUrl("forged"),
      secret: "not-the-signing-secret",
    });

    // Act
    const response = await handler(event, { functionName: "slack-events", awsRequestId: "2" } as Context);

    // Assess
    expect(response.statusCode).toBe(401);
  });

  it("leaves out the HTTP and Socket Mode receivers' dependencies and the source map", () => {
    // Prepare
    const code = readFileSync(path.join(bundleDirectory, "index.mjs"), "utf8");

    // Act
    const bytes = statSync(path.join(bundleDirectory, "index.mjs")).size;

    // Assess: with undici, Express, iconv-lite and @slack/oauth the bundle was over 1.8 MB
    expect(readdirSync(bundleDirectory)).toEqual(["index.mjs"]);
    expect(bytes).toBeLessThan(1_000_000);
    expect(code).toContain("is not in the Slack-facing Lambda bundle");
    // Words only undici, iconv-lite and Express carry; each appears dozens of times in a full Bolt bundle.
    for (const marker of ["undici", "iconv", "x-powered-by"]) expect(code).not.toContain(marker);
  });

  it("leaves out the AWS SDK's credential sources other than the environment, and the SSO and STS clients", () => {
    // Prepare
    const code = readFileSync(path.join(bundleDirectory, "index.mjs"), "utf8");

    // Act
    const stubbed = code.includes("are not in the Slack-facing Lambda bundle, which reads them from the environment");

    // Assess: words only the profile-file, SSO, web-identity, container and instance-metadata sources carry
    expect(stubbed).toBe(true);
    for (const marker of [
      "credential_process",
      "sso_start_url",
      "GetRoleCredentials",
      "AssumeRoleWithWebIdentity",
      "AWS_CONTAINER_AUTHORIZATION_TOKEN",
      "meta-data/iam/security-credentials",
    ]) {
      expect(code).not.toContain(marker);
    }
  });

  it("files a request, writing to DynamoDB and queueing its job with the environment's credentials", async () => {
    // Prepare
    const event = slashCommand({
      userId: "U0REQUESTER",
      text: "request octocat <@U0MANAGER> pairing",
      responseUrl: slack.responseUrl("request"),
    });

    // Act
    const response = await handler(event, { functionName: "slack-events", awsRequestId: "3" } as Context);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(String(JSON.parse(String(response.body)).text)).toMatch(/Got it/);
    expect(sqs.sent).toHaveLength(1);
  });

  it("stops the credential chain with an explanation if it ever gets past the environment", async () => {
    // Prepare
    const stub = (await import(pathToFileURL(CREDENTIALS_STUB).href)) as {
      fromIni: () => () => Promise<unknown>;
      fromInstanceMetadata: () => () => Promise<unknown>;
    };

    // Act
    const fromProfile = stub.fromIni()();
    const fromMetadata = stub.fromInstanceMetadata()();

    // Assess
    await expect(fromProfile).rejects.toThrow(/shared config or credentials file .* AWS_ACCESS_KEY_ID/);
    await expect(fromMetadata).rejects.toThrow(/EC2 instance metadata/);
  });
});
