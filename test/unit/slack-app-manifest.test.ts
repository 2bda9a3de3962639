import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { slackAppManifest } from "../../cdk/slack-app-manifest.js";

describe("Slack app manifest", () => {
  const manifest = JSON.parse(readFileSync(new URL("../../slack-app-manifest.json", import.meta.url), "utf8"));

  it("in the repository is the one the stack outputs, with a placeholder URL", () => {
    expect(manifest).toEqual(slackAppManifest("https://example.com/slack/events"));
  });

  it("escapes the slash command's text so managers arrive as <@U…> mentions", () => {
    expect(manifest.features.slash_commands).toEqual([
      expect.objectContaining({ command: "/copilot", should_escape: true }),
    ]);
  });

  it("sends button clicks and form submissions to the same endpoint as the command", () => {
    expect(manifest.settings.interactivity).toEqual({
      is_enabled: true,
      request_url: "https://example.com/slack/events",
    });
  });

  it("asks for the scopes the bot uses and no more", () => {
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(
      ["channels:read", "chat:write", "commands", "files:write", "im:write", "users:read", "users:read.email"].sort(),
    );
  });
});
