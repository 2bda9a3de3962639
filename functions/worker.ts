import type { SQSEvent } from "aws-lambda";
import { loadConfig } from "../src/config/config.js";
import { logger } from "../src/config/logger.js";
import { environmentWithSecrets, forgetSecrets } from "../src/config/secrets.js";
import { handleJobBatch, type RunJob } from "../src/queue/sqs-batch-handler.js";
import { createWorkerDependencies } from "../src/wiring/worker.js";
import { createJobRunner } from "../src/worker/run-job.js";

let ready: Promise<RunJob> | undefined;

async function build(): Promise<RunJob> {
  return createJobRunner(createWorkerDependencies(loadConfig(await environmentWithSecrets())));
}

/** Jobs from the SQS queue: the GitHub calls and the Slack messages that follow them. */
export const handler = async (event: SQSEvent) => {
  ready ??= build().catch((error) => {
    ready = undefined;
    forgetSecrets();
    throw error;
  });
  return handleJobBatch(event, await ready, logger);
};
