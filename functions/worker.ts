import type { Context, SQSEvent } from "aws-lambda";
import { loadConfig } from "../src/config/config.js";
import { InvocationBudget } from "../src/config/invocation-budget.js";
import { logger } from "../src/config/logger.js";
import { environmentWithSecrets } from "../src/config/secrets.js";
import { metrics } from "../src/config/telemetry.js";
import { createJobRunner } from "../src/jobs/run-job.js";
import { handleJobBatch } from "../src/queue/sqs-batch-handler.js";
import { lazily } from "../src/wiring/lazy-start.js";
import { createWorkerDependencies } from "../src/wiring/worker.js";

const budget = new InvocationBudget();
const ready = lazily(async () =>
  createJobRunner(createWorkerDependencies(loadConfig(await environmentWithSecrets()), { budget })),
);

/** Jobs from the SQS queue: the GitHub calls and the Slack messages that follow them. */
export const handler = async (event: SQSEvent, context?: Context) => {
  if (context) logger.addContext(context);
  budget.start(context?.getRemainingTimeInMillis?.());
  try {
    return await handleJobBatch(event, await ready(), logger);
  } finally {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
};
