import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { loadConfig } from "../src/config/config.js";
import { InvocationBudget } from "../src/config/invocation-budget.js";
import { logger } from "../src/config/logger.js";
import { environmentWithSecrets } from "../src/config/secrets.js";
import { metrics } from "../src/config/telemetry.js";
import { createSlackLambdaHandler } from "../src/slack/lambda-handler.js";
import { lazily } from "../src/wiring/lazy-start.js";
import { ACKNOWLEDGEMENT_BUDGET_MS, createSlackServices, createSqsJobQueue } from "../src/wiring/slack-events.js";

const acknowledgement = new InvocationBudget();
const ready = lazily(async () => {
  const config = loadConfig(await environmentWithSecrets());
  const queue = createSqsJobQueue(config, acknowledgement);
  return createSlackLambdaHandler(config, createSlackServices(config, queue, { timeLeft: acknowledgement }));
});

/** Slack slash commands, button clicks and form submissions, through API Gateway. */
export const handler = async (event: APIGatewayProxyEventV2, context: Context) => {
  acknowledgement.start(ACKNOWLEDGEMENT_BUDGET_MS);
  logger.addContext(context);
  try {
    return await (await ready())(event, context);
  } finally {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
};
