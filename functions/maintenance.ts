import type { Context } from "aws-lambda";
import { loadConfig, waitingLimitsOf } from "../src/config/config.js";
import { logger } from "../src/config/logger.js";
import { environmentWithSecrets } from "../src/config/secrets.js";
import { counters, log, metrics } from "../src/config/telemetry.js";
import { systemClock } from "../src/request/ports.js";
import { sweepStuckRequests } from "../src/request/sweep-stuck-requests.js";
import { lazily } from "../src/wiring/lazy-start.js";
import { createReclaimSweep } from "../src/wiring/reclaim.js";
import { createSqsJobQueue } from "../src/wiring/slack-events.js";
import { createRequestStore, createSubscriptionSummaryStore } from "../src/wiring/storage.js";

const ready = lazily(async () => {
  const config = loadConfig(await environmentWithSecrets());
  const queue = createSqsJobQueue(config);
  return {
    store: createRequestStore(config),
    queue,
    reclaim: createReclaimSweep(config, queue),
    clock: systemClock,
    adminIds: config.adminIds,
    log,
    counters,
    waiting: waitingLimitsOf(config.lifecycle),
    seatEndWarningMs: config.lifecycle.seatEndWarningMs,
    summaries: createSubscriptionSummaryStore(config),
  };
});

/** Every 15 minutes, from EventBridge Scheduler: queues again the work and messages of requests that stopped moving. */
export const handler = async (_event?: unknown, context?: Context) => {
  if (context) logger.addContext(context);
  try {
    const { requeued, auditRepaired } = await sweepStuckRequests(await ready());
    logger.info("Maintenance sweep finished", { requeued, auditRepaired });
    metrics.addMetric("SweepRequeued", "Count", requeued.length);
    return { requeued: requeued.length, auditRepaired: auditRepaired.length };
  } finally {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
};
