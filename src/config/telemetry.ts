import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Counters, Log } from "../request/ports.js";
import { logger } from "./logger.js";

/**
 * CloudWatch metrics in the embedded metric format (namespace from POWERTOOLS_METRICS_NAMESPACE, which the stack
 * sets). Each Lambda handler publishes what its invocation counted before it returns.
 */
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? "CopilotSeatBot",
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "copilot-seat-bot",
});

/** Counts through Powertools Metrics; a dimension (e.g. an error code) gets a metric of its own. */
export const counters: Counters = {
  count(name, dimensions) {
    if (!dimensions) {
      metrics.addMetric(name, MetricUnit.Count, 1);
      return;
    }
    const single = metrics.singleMetric();
    for (const [key, value] of Object.entries(dimensions)) single.addDimension(key, value.slice(0, 250));
    single.addMetric(name, MetricUnit.Count, 1);
  },
};

/** The domain's log port on Powertools Logger: structured, with the Lambda context once a handler added it. */
export const log: Log = {
  info: (message, extra) => logger.info(message, extra ?? {}),
  warn: (message, extra) => logger.warn(message, extra ?? {}),
  error: (message, extra) => logger.error(message, extra ?? {}),
};
