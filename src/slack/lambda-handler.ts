import { App, AwsLambdaReceiver, LogLevel } from "@slack/bolt";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import type { Config } from "../config/config.js";
import { registerListeners } from "./app.js";
import { isWithinRequestWindow } from "./request-window.js";
import type { SlackServices } from "./slack-services.js";

export type SlackLambdaHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

const UNAUTHORIZED: APIGatewayProxyStructuredResultV2 = { statusCode: 401, body: "" };

/**
 * The Slack-facing Lambda: checks the timestamp window, then lets Bolt verify the signature and run the listener.
 * Bolt answers only after every listener has finished, so the listeners stay within Slack's 3 seconds by doing
 * nothing slower than DynamoDB and SQS.
 */
export function createSlackLambdaHandler(
  config: Config,
  services: SlackServices,
  clock = () => new Date(),
): SlackLambdaHandler {
  const receiver = new AwsLambdaReceiver({ signingSecret: config.slack.signingSecret, logLevel: LogLevel.WARN });
  const app = new App({
    token: config.slack.botToken,
    receiver,
    logLevel: LogLevel.WARN,
    clientOptions: { slackApiUrl: config.slack.apiUrl },
  });
  registerListeners(app, services);
  const handle = receiver.toHandler();

  return async (event, context) => {
    if (!isWithinRequestWindow(event.headers ?? {}, clock())) return UNAUTHORIZED;
    // Bolt decodes base64 bodies as ASCII, which would corrupt non-ASCII text and break the signature check.
    const body = event.body && event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
    const response = await handle({ ...event, body, isBase64Encoded: false } as Parameters<typeof handle>[0], context);
    return response as APIGatewayProxyStructuredResultV2;
  };
}
