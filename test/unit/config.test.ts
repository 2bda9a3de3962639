import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/config.js";

const VALID = {
  SLACK_SIGNING_SECRET: "secret",
  SLACK_BOT_TOKEN: "xoxb-1",
  GITHUB_ORG: "acme",
  GITHUB_TOKEN: "ghp_x",
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe("configuration", () => {
  it("applies the documented defaults", () => {
    const config = loadConfig(VALID);

    expect(config.slack.apiUrl).toBe("https://slack.com/api/");
    expect(config.github.apiUrl).toBe("https://api.github.com");
    expect(config.port).toBe(3000);
    expect(config.adminIds).toEqual([]);
    expect(config.github.auth).toEqual({ kind: "token", token: "ghp_x" });
  });

  it("names every problem at once, each with how to fix it", () => {
    const problems = problemsOf({ SLACK_BOT_TOKEN: "xoxp-user", PORT: "eighty", COPILOT_ADMIN_IDS: "U123ABC, bob" });

    expect(problems).toHaveLength(6);
    expect(problems.join("\n")).toMatch(
      /SLACK_SIGNING_SECRET is not set: find the Signing Secret under Basic Information/,
    );
    expect(problems.join("\n")).toMatch(/SLACK_BOT_TOKEN must be a bot token starting with xoxb-/);
    expect(problems.join("\n")).toMatch(/GITHUB_ORG is not set/);
    expect(problems.join("\n")).toMatch(/No GitHub credentials/);
    expect(problems.join("\n")).toMatch(/COPILOT_ADMIN_IDS .* these are not: bob/);
    expect(problems.join("\n")).toMatch(/PORT must be a port number/);
  });

  it("prefers a complete GitHub App over a token and restores newlines in the key", () => {
    const config = loadConfig({
      ...VALID,
      GITHUB_APP_ID: "123",
      GITHUB_APP_INSTALLATION_ID: "456",
      GITHUB_APP_PRIVATE_KEY: "-----BEGIN RSA PRIVATE KEY-----\\nabc\\n-----END RSA PRIVATE KEY-----",
    });

    expect(config.github.auth).toEqual({
      kind: "app",
      appId: "123",
      installationId: "456",
      privateKey: "-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----",
    });
  });

  it("says which GitHub App values are missing", () => {
    expect(problemsOf({ ...VALID, GITHUB_APP_ID: "123" })).toEqual([
      "GitHub App credentials are incomplete: also set GITHUB_APP_PRIVATE_KEY and GITHUB_APP_INSTALLATION_ID (or use GITHUB_TOKEN instead).",
    ]);
  });

  it("refuses an app token that is not one", () => {
    expect(problemsOf({ ...VALID, SLACK_APP_TOKEN: "xoxb-oops" })[0]).toMatch(
      /SLACK_APP_TOKEN must be an app-level token/,
    );
  });

  it("refuses URLs that are not http(s)", () => {
    expect(problemsOf({ ...VALID, GITHUB_API_URL: "ftp://ghe.example" })).toEqual([
      'GITHUB_API_URL must be an http(s) URL, got "ftp://ghe.example".',
    ]);
  });
});
