import { createHmac } from "node:crypto";
import type { APIGatewayProxyEventV2 } from "aws-lambda";

export const SIGNING_SECRET = "test-signing-secret-0123456789abcdef";

export interface SignOptions {
  /** Seconds since the epoch; now by default. */
  timestamp?: number;
  secret?: string;
  headers?: Record<string, string>;
}

/** An API Gateway HTTP API (payload 2.0) event carrying a Slack request signed the way Slack signs it. */
export function signedSlackEvent(body: string, contentType: string, options: SignOptions = {}): APIGatewayProxyEventV2 {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac("sha256", options.secret ?? SIGNING_SECRET)
    .update(`v0:${timestamp}:${body}`)
    .digest("hex")}`;
  return {
    version: "2.0",
    routeKey: "POST /slack/events",
    rawPath: "/slack/events",
    rawQueryString: "",
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": signature,
      ...options.headers,
    },
    requestContext: {
      accountId: "000000000000",
      apiId: "fake",
      domainName: "fake.execute-api.us-east-1.amazonaws.com",
      domainPrefix: "fake",
      http: {
        method: "POST",
        path: "/slack/events",
        protocol: "HTTP/1.1",
        sourceIp: "127.0.0.1",
        userAgent: "Slackbot 1.0",
      },
      requestId: "req",
      routeKey: "POST /slack/events",
      stage: "$default",
      time: new Date(timestamp * 1000).toISOString(),
      timeEpoch: timestamp * 1000,
    },
    body,
    isBase64Encoded: false,
  };
}

export interface SlashCommandOptions extends SignOptions {
  userId: string;
  text: string;
  responseUrl: string;
}

export function slashCommand({ userId, text, responseUrl, ...sign }: SlashCommandOptions): APIGatewayProxyEventV2 {
  const body = new URLSearchParams({
    token: "deprecated-verification-token",
    team_id: "T0001",
    team_domain: "acme",
    channel_id: "C0GENERAL",
    channel_name: "general",
    user_id: userId,
    user_name: userId.toLowerCase(),
    command: "/copilot",
    text,
    api_app_id: "A0COPILOT",
    is_enterprise_install: "false",
    response_url: responseUrl,
    trigger_id: `trigger-${userId}`,
  }).toString();
  return signedSlackEvent(body, "application/x-www-form-urlencoded", sign);
}

function interactive(payload: Record<string, unknown>, sign: SignOptions): APIGatewayProxyEventV2 {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return signedSlackEvent(body, "application/x-www-form-urlencoded", sign);
}

export interface ButtonClickOptions extends SignOptions {
  userId: string;
  actionId: string;
  value: string;
  responseUrl: string;
  message?: { channel: string; ts: string };
  /** A button on the Home tab instead of in a message. */
  inHomeTab?: boolean;
}

/** A `block_actions` payload for a button in a message (the manager's DM, an admin alert). */
export function buttonClick({
  userId,
  actionId,
  value,
  responseUrl,
  message,
  ...sign
}: ButtonClickOptions): APIGatewayProxyEventV2 {
  const where = message ?? { channel: `D${userId}`, ts: "1700000000.000001" };
  return interactive(
    {
      type: "block_actions",
      user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: "T0001" },
      api_app_id: "A0COPILOT",
      token: "deprecated-verification-token",
      container: { type: "message", message_ts: where.ts, channel_id: where.channel, is_ephemeral: false },
      trigger_id: `trigger-${userId}-${actionId}`,
      team: { id: "T0001", domain: "acme" },
      channel: { id: where.channel, name: "directmessage" },
      message: { type: "message", ts: where.ts, text: "", blocks: [] },
      response_url: responseUrl,
      actions: [
        {
          type: "button",
          action_id: actionId,
          block_id: "decide",
          value,
          text: { type: "plain_text", text: actionId },
          action_ts: String(Date.now() / 1000),
        },
      ],
    },
    sign,
  );
}

export interface ViewSubmissionOptions extends SignOptions {
  userId: string;
  callbackId: string;
  values: Record<string, Record<string, Record<string, unknown>>>;
  privateMetadata?: string;
}

export function viewSubmission({
  userId,
  callbackId,
  values,
  privateMetadata = "",
  ...sign
}: ViewSubmissionOptions): APIGatewayProxyEventV2 {
  return interactive(
    {
      type: "view_submission",
      team: { id: "T0001", domain: "acme" },
      user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: "T0001" },
      api_app_id: "A0COPILOT",
      token: "deprecated-verification-token",
      trigger_id: `trigger-${userId}-submit`,
      view: {
        id: "V0001",
        team_id: "T0001",
        type: "modal",
        callback_id: callbackId,
        private_metadata: privateMetadata,
        state: { values },
        hash: "hash",
        title: { type: "plain_text", text: "x" },
        blocks: [],
      },
      response_urls: [],
    },
    sign,
  );
}

/** The state values of the request form as Slack would send them. */
export function requestFormValues(fields: { githubLogin: string; managerId: string | null; reason: string }) {
  return {
    github_login: { value: { type: "plain_text_input", value: fields.githubLogin } },
    manager: { value: { type: "users_select", selected_user: fields.managerId } },
    reason: { value: { type: "plain_text_input", value: fields.reason } },
  };
}

export interface EventOptions extends SignOptions {
  userId: string;
  eventId: string;
}

/** An Events API `app_home_opened` callback, as Slack posts it (JSON). */
export function appHomeOpened({ userId, eventId, ...sign }: EventOptions): APIGatewayProxyEventV2 {
  const body = JSON.stringify({
    token: "deprecated-verification-token",
    team_id: "T0001",
    api_app_id: "A0COPILOT",
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: "T0001", user_id: "UBOT", is_bot: true }],
    event: {
      type: "app_home_opened",
      user: userId,
      channel: `D${userId}`,
      tab: "home",
      event_ts: `${Date.now() / 1000}`,
    },
  });
  return signedSlackEvent(body, "application/json", sign);
}
