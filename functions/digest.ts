import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Context } from "aws-lambda";
import type { OnceGuard } from "../src/audit/audit-log.js";
import { EChartsUsageChart } from "../src/charts/usage-chart.js";
import { logger } from "../src/config/logger.js";
import { environmentWithSecrets } from "../src/config/secrets.js";
import { metrics } from "../src/config/telemetry.js";
import { loadDigestConfig } from "../src/digest/digest-config.js";
import { publishOncePerRun } from "../src/digest/publish-once.js";
import { type DigestDependencies, type DigestRun, runWeeklyDigest } from "../src/digest/run-weekly-digest.js";
import { createDigestDependencies } from "../src/wiring/digest.js";
import { lazily } from "../src/wiring/lazy-start.js";
import { createAuditLog } from "../src/wiring/storage.js";

const ready = lazily(async (): Promise<{ deps: DigestDependencies; once: OnceGuard }> => {
  const config = loadDigestConfig(await environmentWithSecrets());
  const deps = createDigestDependencies(config, { chart: new EChartsUsageChart() });
  return { deps: { ...deps, log: logger }, once: createAuditLog(config) };
});

/** What EventBridge Scheduler sends (see the CDK stack); a manual invocation may send nothing. */
interface ScheduledRun {
  scheduledTime?: string;
}

/**
 * The weekly Copilot digest, invoked by EventBridge Scheduler. It throws, failing the invocation, when GitHub refused
 * the data for lack of a policy or permission (after telling the channel what to enable). A retry of the same
 * scheduled run posts only what the failed attempt did not.
 */
export const handler = async (event?: ScheduledRun, context?: Context): Promise<DigestRun> => {
  if (context) logger.addContext(context);
  const { deps, once } = await ready();
  const runKey = event?.scheduledTime;
  try {
    const run = await runWeeklyDigest(
      runKey ? { ...deps, publisher: publishOncePerRun(deps.publisher, once, runKey) } : deps,
    );
    metrics.addMetric("DigestsPosted", MetricUnit.Count, run.posted.length);
    return run;
  } finally {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
};
