import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { Charset, NodejsFunction, OutputFormat, SourceMapMode } from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";

export const REPOSITORY_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The newest Node.js runtime this aws-cdk-lib offers; cdk-nag (AwsSolutions-L1) flags anything older. */
export const BOT_RUNTIME = lambda.Runtime.NODEJS_24_X;

export interface BotFunctionProps {
  /** Entry point relative to the repository root, exporting `handler`, e.g. `functions/worker.ts`. */
  readonly entry: string;
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly environment: Record<string, string>;
  readonly retainLogsFor: logs.RetentionDays;
  /** Files the code reads at run time, copied beside the bundle: bundle name → path relative to the repository root. */
  readonly bundledFiles?: Record<string, string>;
  /**
   * Slack waits on this function's cold start (3 s for an acknowledgement, trigger IDs included): bundle only what
   * Bolt's Lambda receiver needs, and skip source maps, whose loading and stack mapping cost the first request.
   */
  readonly slackFacing?: boolean;
}

/**
 * Modules that only Bolt's HTTP, Express and Socket Mode receivers and its OAuth installer use: undici, Express,
 * iconv-lite, mime-db and jsonwebtoken come in through them, about two thirds of a Bolt bundle. Bolt's entry point
 * loads every receiver, so the Slack-facing bundle replaces these with a stub that throws if anything calls it;
 * `npm start` runs Bolt unbundled and keeps them.
 */
export const MODULES_ONLY_OTHER_BOLT_RECEIVERS_USE = [
  "express",
  "raw-body",
  "path-to-regexp",
  "@slack/oauth",
  "@slack/socket-mode",
] as const;

export const BOLT_RECEIVER_STUB = path.join(REPOSITORY_ROOT, "cdk/bundling/bolt-lambda-stub.cjs");

/**
 * The AWS SDK's credential sources other than the environment, which is where Lambda puts a function's credentials
 * and where the SDK's default chain looks first. The Slack-facing bundle replaces them (and, through them, the SSO,
 * SSO-OIDC and STS clients) with a stub that fails loudly, which leaves about 140 KB less to parse on a cold start.
 */
export const CREDENTIAL_SOURCES_LAMBDA_NEVER_USES = [
  "@aws-sdk/credential-provider-ini",
  "@aws-sdk/credential-provider-sso",
  "@aws-sdk/credential-provider-process",
  "@aws-sdk/credential-provider-web-identity",
  "@aws-sdk/credential-provider-http",
  "@smithy/credential-provider-imds",
] as const;

export const CREDENTIALS_STUB = path.join(REPOSITORY_ROOT, "cdk/bundling/lambda-credentials-stub.mjs");

/**
 * One of the bot's Lambda functions, with the settings they all share: an esbuild bundle of just its entry point
 * (minified, ESM, AWS SDK included, source-mapped unless Slack waits on it), ARM64, the newest Node.js runtime, and
 * a role that starts with nothing but writing to the function's own log group. Everything else is added through
 * grants.
 */
export class BotFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: BotFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, "Logs", {
      retention: props.retainLogsFor,
      // Logs are what an incident review needs; deleting or rolling back the stack must not take them along.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // An explicit role instead of the default AWSLambdaBasicExecutionRole: that managed policy allows creating
    // any log group in the account, while this function only ever writes to its own, which already exists.
    this.role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: `Runs the ${id} function of the Copilot seat bot`,
    });
    this.logGroup.grantWrite(this.role);

    const slackFacing = props.slackFacing ?? false;
    this.function = new NodejsFunction(this, "Function", {
      entry: path.join(REPOSITORY_ROOT, props.entry),
      handler: "handler",
      description: props.description,
      runtime: BOT_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      timeout: props.timeout,
      memorySize: props.memorySize,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        ...props.environment,
        // Stack traces point at the TypeScript sources instead of the minified bundle. Not where Slack waits:
        // mapping the first stack trace alone costs the Slack-facing function about 90 ms of its first request.
        ...(slackFacing ? {} : { NODE_OPTIONS: "--enable-source-maps" }),
      },
      projectRoot: REPOSITORY_ROOT,
      depsLockFilePath: path.join(REPOSITORY_ROOT, "package-lock.json"),
      bundling: {
        // Bundles with the esbuild from node_modules; Docker is never needed, not even as a fallback.
        forceDockerBundling: false,
        minify: true,
        ...(slackFacing
          ? {
              sourceMap: false,
              // The CDK runs the esbuild command line, so the stubs go in as aliases rather than a plugin.
              esbuildArgs: {
                "--alias": [
                  ...MODULES_ONLY_OTHER_BOLT_RECEIVERS_USE.map((name) => `${name}=${BOLT_RECEIVER_STUB}`),
                  ...CREDENTIAL_SOURCES_LAMBDA_NEVER_USES.map((name) => `${name}=${CREDENTIALS_STUB}`),
                ],
              },
            }
          : {
              sourceMap: true,
              // A separate .map file, linked from the bundle so that --enable-source-maps finds it.
              sourceMapMode: SourceMapMode.DEFAULT,
              // Mapping stack traces needs the mappings, not the sources; leaving them out halves the .map file.
              sourcesContent: false,
            }),
        // Error class names survive minification, so logs still say `SeatAssignmentError`, not `e`.
        keepNames: true,
        charset: Charset.UTF8,
        // ESM allows top-level await for per-container setup. CommonJS dependencies bundled into an ESM file
        // still call require() for Node built-ins, so give them one.
        format: OutputFormat.ESM,
        mainFields: ["module", "main"],
        banner:
          "import { createRequire as __botCreateRequire } from 'node:module'; const require = __botCreateRequire(import.meta.url);",
        // Bundle the AWS SDK too instead of using the runtime's copy: a pinned version, and a bundled, minified
        // client loads faster than the runtime's full SDK.
        externalModules: [],
        ...(props.bundledFiles ? { commandHooks: copyIntoBundle(props.bundledFiles) } : {}),
      },
    });
  }
}

/** Bundling hooks that copy run-time files (a WebAssembly module, a font) next to the bundled code. */
function copyIntoBundle(files: Record<string, string>) {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string): string[] =>
      Object.entries(files).map(
        ([bundledName, source]) => `cp "${path.join(inputDir, source)}" "${path.join(outputDir, bundledName)}"`,
      ),
  };
}
