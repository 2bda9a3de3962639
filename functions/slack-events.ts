import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { loadConfig } from "../src/config/config.js";
import { environmentWithSecrets, forgetSecrets } from "../src/config/secrets.js";
import { createSlackLambdaHandler, type SlackLambdaHandler } from "../src/slack/lambda-handler.js";
import { createSlackServices, createSqsJobQueue } from "../src/wiring/slack-events.js";

let ready: Promise<SlackLambdaHandler> | undefined;

async function build(): Promise<SlackLambdaHandler> {
  const config = loadConfig(await environmentWithSecrets());
  return createSlackLambdaHandler(config, createSlackServices(config, createSqsJobQueue(config)));
}

/** Slack slash commands, button clicks and form submissions, through API Gateway. */
export const handler = async (event: APIGatewayProxyEventV2, context: Context) => {
  ready ??= build().catch((error) => {
    ready = undefined;
    forgetSecrets();
    throw error;
  });
  return (await ready)(event, context);
};
