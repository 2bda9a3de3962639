import type { Context } from "aws-lambda";
import { loadConfig } from "../src/config/config.js";
import { logger } from "../src/config/logger.js";
import { environmentWithSecrets } from "../src/config/secrets.js";
import { metrics } from "../src/config/telemetry.js";
import { runIdentitySync } from "../src/wiring/identity-sync.js";

/** Left for the page in flight and the cursor's write when the sync stops early. */
const RESERVE_MS = 30_000;

/**
 * The identity sync (SAML, or verified-domain emails where there is no SAML), invoked hourly: one full pass a day,
 * read over as many invocations as it needs. Each goes on from where the last stopped and stops with `RESERVE_MS` of
 * its time left, saving where it is; once the day's pass is complete the day's later invocations do nothing.
 */
export const handler = async (_event?: unknown, context?: Context) => {
  if (context) logger.addContext(context);
  const hasTimeLeft = () => (context?.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY) > RESERVE_MS;
  try {
    const config = loadConfig(await environmentWithSecrets());
    const synced = await runIdentitySync(config, hasTimeLeft);
    metrics.addMetric("IdentitiesLinked", "Count", synced.report?.linked ?? 0);
    metrics.addMetric("IdentityConflicts", "Count", synced.report?.conflicts ?? 0);
    metrics.addMetric("IdentityDirectoryPages", "Count", synced.directory.pages);
    return synced;
  } finally {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
};
