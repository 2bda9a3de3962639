/**
 * The Slack app manifest the stack prints as an output, with the deployed request URL already in it,
 * so that installing the app is "Create New App → From a manifest → paste".
 *
 * Keep it in step with `slack-app-manifest.*` in the repository root, which carries the same settings with a
 * placeholder URL for local development.
 */

export const SLASH_COMMAND = "/copilot";

export const BOT_SCOPES = [
  "commands",
  "chat:write",
  "im:write",
  "users:read",
  // The emails in users.list, which the identity sync matches SAML and verified-domain emails with.
  "users:read.email",
  "files:write",
  "channels:read",
] as const;

export const BOT_EVENTS = ["app_home_opened"] as const;

/** @param requestUrl the `POST /slack/events` URL; may be a CDK token (render with `Stack.toJsonString`). */
export function slackAppManifest(requestUrl: string) {
  return {
    _metadata: { major_version: 2, minor_version: 1 },
    display_information: {
      name: "Copilot Seats",
      description: "Request, approve and manage GitHub Copilot seats.",
      background_color: "#24292f",
    },
    features: {
      app_home: {
        home_tab_enabled: true,
        // The bot sends direct messages (approvals, results) but does not listen to them.
        messages_tab_enabled: true,
        messages_tab_read_only_enabled: true,
      },
      bot_user: { display_name: "Copilot Seats", always_online: true },
      slash_commands: [
        {
          command: SLASH_COMMAND,
          url: requestUrl,
          description: "Request or manage a GitHub Copilot seat",
          usage_hint: "[help]",
          // Slack rewrites @mentions and #channels to IDs, which is what the bot looks people up by.
          should_escape: true,
        },
      ],
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      event_subscriptions: { request_url: requestUrl, bot_events: [...BOT_EVENTS] },
      interactivity: { is_enabled: true, request_url: requestUrl },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}
