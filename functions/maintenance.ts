import { loadConfig } from "../src/config/config.js";
import { logger } from "../src/config/logger.js";
import { environmentWithSecrets, forgetSecrets } from "../src/config/secrets.js";
import { systemClock } from "../src/request/ports.js";
import { type SweepDependencies, sweepStuckRequests } from "../src/request/sweep-stuck-requests.js";
import { createSqsJobQueue } from "../src/wiring/slack-events.js";
import { createRequestStore } from "../src/wiring/storage.js";

let ready: Promise<SweepDependencies> | undefined;

async function build(): Promise<SweepDependencies> {
  const config = loadConfig(await environmentWithSecrets());
  return { store: createRequestStore(config), queue: createSqsJobQueue(config), clock: systemClock };
}

/** Daily, from EventBridge Scheduler: queues again the jobs of requests that stopped moving. */
export const handler = async () => {
  ready ??= build().catch((error) => {
    ready = undefined;
    forgetSecrets();
    throw error;
  });
  const { requeued } = await sweepStuckRequests(await ready);
  logger.info("Maintenance sweep finished", { requeued });
  return { requeued: requeued.length };
};
