import { App, AwsLambdaReceiver, LogLevel } from "@slack/bolt";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import type { Config } from "../config/config.js";
import { registerListeners } from "./app.js";
import { checkInboundRequest } from "./inbound-request.js";
import { slackClientOptions, slackLogger } from "./slack-client.js";
import type { SlackServices } from "./slack-services.js";

export type SlackLambdaHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * The Slack-facing Lambda: verifies the request itself (window both ways, signature) before anything parses it, checks
 * its shape, then lets Bolt run the listener. Bolt answers only after every listener has finished, so the listeners
 * stay within Slack's 3 seconds by doing nothing slower than DynamoDB and SQS.
 */
export function createSlackLambdaHandler(
  config: Config,
  services: SlackServices,
  clock = () => new Date(),
): SlackLambdaHandler {
  const receiver = new AwsLambdaReceiver({
    signingSecret: config.slack.signingSecret,
    logger: slackLogger(services.log),
    logLevel: LogLevel.WARN,
  });
  const { botToken } = config.slack;
  const app = new App({
    receiver,
    // Authorizing with the configured token directly spares the `auth.test` call Bolt would otherwise make to Slack
    // on the first event of every cold container, inside the 3 seconds.
    authorize: async () => ({ botToken }),
    logger: slackLogger(services.log),
    logLevel: LogLevel.WARN,
    // Calls from the acknowledgement path (opening a form, an explanation) must end well inside Slack's 3 seconds.
    clientOptions: {
      slackApiUrl: config.slack.apiUrl,
      ...slackClientOptions({ timeoutMs: 2000, retries: 0 }, services.log),
    },
  });
  registerListeners(app, services);
  const handle = receiver.toHandler();

  return async (event, context) => {
    // Bolt decodes base64 bodies as ASCII, which would corrupt non-ASCII text and break the signature check.
    const body =
      event.body && event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : (event.body ?? "");
    const verdict = checkInboundRequest(event.headers ?? {}, body, config.slack.signingSecret, clock());
    if (!verdict.ok) {
      services.log.warn("Refused a request to the Slack endpoint", { status: verdict.status, reason: verdict.reason });
      return { statusCode: verdict.status, body: "" };
    }
    try {
      const response = await handle(
        { ...event, body, isBase64Encoded: false } as Parameters<typeof handle>[0],
        context,
      );
      return response as APIGatewayProxyStructuredResultV2;
    } catch (error) {
      // A verified, well-formed request that still upset Bolt: answered, logged, never a crash.
      services.log.error("Bolt could not process a verified request", { error });
      return { statusCode: 400, body: "" };
    }
  };
}
