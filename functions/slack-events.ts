import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { loadConfig } from "../src/config/config.js";
import { logger } from "../src/config/logger.js";
import { environmentWithSecrets } from "../src/config/secrets.js";
import { metrics } from "../src/config/telemetry.js";
import { createSlackLambdaHandler } from "../src/slack/lambda-handler.js";
import { lazily } from "../src/wiring/lazy-start.js";
import { createSlackServices, createSqsJobQueue } from "../src/wiring/slack-events.js";

const ready = lazily(async () => {
  const config = loadConfig(await environmentWithSecrets());
  return createSlackLambdaHandler(config, createSlackServices(config, createSqsJobQueue(config)));
});

/** Slack slash commands, button clicks and form submissions, through API Gateway. */
export const handler = async (event: APIGatewayProxyEventV2, context: Context) => {
  logger.addContext(context);
  try {
    return await (await ready())(event, context);
  } finally {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
};
