import { ConfigError, loadConfig } from "../../src/config/config.js";

/** The least configuration the bot starts with: a Slack app and a GitHub organization with a token. */
export const MINIMAL_ENV = {
  SLACK_SIGNING_SECRET: "secret",
  SLACK_BOT_TOKEN: "xoxb-1",
  GITHUB_ORG: "acme",
  GITHUB_TOKEN: "ghp_x",
} as const;

/** Every problem `loadConfig` names for `env` (none when it loads). */
export function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}
