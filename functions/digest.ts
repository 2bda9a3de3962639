import { EChartsUsageChart } from "../src/charts/usage-chart.js";
import { environmentWithSecrets } from "../src/config/secrets.js";
import { createDigestDependencies } from "../src/dependencies.js";
import { loadDigestConfig } from "../src/digest/digest-config.js";
import { type DigestDependencies, type DigestRun, runWeeklyDigest } from "../src/digest/run-weekly-digest.js";

let ready: Promise<DigestDependencies> | undefined;

async function build(): Promise<DigestDependencies> {
  return createDigestDependencies(loadDigestConfig(await environmentWithSecrets()), { chart: new EChartsUsageChart() });
}

/**
 * The weekly Copilot digest, invoked by EventBridge Scheduler. It throws, failing the invocation, when GitHub refused
 * the data for lack of a policy or permission (after telling the channel what to enable).
 */
export const handler = async (): Promise<DigestRun> => {
  ready ??= build().catch((error) => {
    ready = undefined;
    throw error;
  });
  return runWeeklyDigest(await ready);
};
