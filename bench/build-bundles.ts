import { rmSync, statSync } from "node:fs";
import path from "node:path";
import { App, type CfnResource, Duration, Stack } from "aws-cdk-lib";
import * as logs from "aws-cdk-lib/aws-logs";
import { BotFunction } from "../cdk/constructs/bot-function.js";
import { REQUIRED_CONTEXT, synthesizeApp } from "../test/cdk/synthesize-app.js";

export interface Bundle {
  name: string;
  /** The bundled entry point, `index.mjs`, in a folder with no node_modules to fall back on. */
  file: string;
  bytes: number;
  /**
   * NODE_OPTIONS as the CDK sets it for the Slack-facing function, if at all. The baselines run without, so that
   * source maps never make a baseline look slower than it is.
   */
  nodeOptions?: string;
}

export interface Bundles {
  slackEvents: Bundle;
  naive: Bundle;
  minimalBolt: Bundle;
  /** The minimal Bolt app, waiting on the same sequential round trips as the bot before it acknowledges. */
  roundTrips: Bundle;
  /** Deletes the cloud assemblies, bundles included. */
  remove: () => void;
}

type TemplateJson = { Resources: Record<string, { Properties: Record<string, unknown> }> };

function bundleOf(name: string, fn: BotFunction, template: TemplateJson, assemblyDirectory: string): Bundle {
  const resource = fn.function.node.defaultChild as CfnResource;
  const properties = template.Resources[Stack.of(fn).getLogicalId(resource)]?.Properties ?? {};
  const code = properties.Code as { S3Key: string };
  const file = path.join(assemblyDirectory, `asset.${code.S3Key.replace(/\.zip$/, "")}`, "index.mjs");
  const variables = (properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
  const nodeOptions = typeof variables.NODE_OPTIONS === "string" ? variables.NODE_OPTIONS : undefined;
  return { name, file, bytes: statSync(file).size, ...(nodeOptions ? { nodeOptions } : {}) };
}

function withoutNodeOptions({ nodeOptions: _ignored, ...bundle }: Bundle): Bundle {
  return bundle;
}

/**
 * Bundles exactly as `cdk synth` does: the Slack-facing function from the real stack, and the baselines as
 * `BotFunction`s with the settings every other function of the bot gets. Each run bundles afresh.
 */
export function buildBundles(): Bundles {
  const real = synthesizeApp(REQUIRED_CONTEXT, { bundle: true });
  const realTemplate = real.template.toJSON() as TemplateJson;

  const app = new App();
  const stack = new Stack(app, "CopilotSeatBotBench");
  const baseline = (id: string, entry: string) =>
    new BotFunction(stack, id, {
      entry,
      description: `Benchmark baseline ${id}`,
      timeout: Duration.seconds(10),
      memorySize: 1024,
      environment: {},
      retainLogsFor: logs.RetentionDays.ONE_DAY,
    });
  const naive = baseline("NaiveHandler", "bench/baselines/naive-handler.ts");
  const minimalBolt = baseline("MinimalBolt", "bench/baselines/minimal-bolt-handler.ts");
  const roundTrips = baseline("RoundTrips", "bench/baselines/round-trips-handler.ts");
  const assembly = app.synth();
  const benchTemplate = assembly.getStackByName(stack.stackName).template as TemplateJson;

  return {
    slackEvents: bundleOf("Slack-facing function", real.stack.slackEvents, realTemplate, real.assemblyDirectory),
    naive: withoutNodeOptions(bundleOf("naive handler", naive, benchTemplate, assembly.directory)),
    minimalBolt: withoutNodeOptions(bundleOf("minimal Bolt ack-only", minimalBolt, benchTemplate, assembly.directory)),
    roundTrips: withoutNodeOptions(
      bundleOf("Bolt ack after the same round trips", roundTrips, benchTemplate, assembly.directory),
    ),
    remove: () => {
      rmSync(real.assemblyDirectory, { recursive: true, force: true });
      rmSync(assembly.directory, { recursive: true, force: true });
    },
  };
}
