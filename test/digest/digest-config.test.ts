import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/config.js";
import { loadDigestConfig } from "../../src/digest/digest-config.js";

const BOT_ENV = {
  SLACK_SIGNING_SECRET: "secret",
  SLACK_BOT_TOKEN: "xoxb-1",
  GITHUB_ORG: "acme",
  GITHUB_TOKEN: "ghp_x",
};

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadDigestConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadDigestConfig", () => {
  it("reads the bot's configuration and the digest's defaults", () => {
    const config = loadDigestConfig({ ...BOT_ENV, DIGEST_CHANNEL: "C0123ABCD" });

    expect(config.github.organization).toBe("acme");
    expect(config.digest).toEqual({
      channel: "C0123ABCD",
      metricsSource: "auto",
      prices: { business: 19, enterprise: 39 },
      teamChannels: new Map(),
    });
  });

  it("reads the source, the enterprise, prices and team channels", () => {
    const config = loadDigestConfig({
      ...BOT_ENV,
      DIGEST_CHANNEL: "C0123ABCD",
      METRICS_SOURCE: "Usage",
      GITHUB_ENTERPRISE: "acme-corp",
      COPILOT_SEAT_PRICE_BUSINESS: "21.5",
      COPILOT_SEAT_PRICE_ENTERPRISE: "40",
      DIGEST_TEAM_CHANNELS: "backend=C123,Web = C456",
    });

    expect(config.digest.metricsSource).toBe("usage");
    expect(config.digest.enterprise).toBe("acme-corp");
    expect(config.digest.prices).toEqual({ business: 21.5, enterprise: 40 });
    expect([...config.digest.teamChannels]).toEqual([
      ["backend", "C123"],
      ["web", "C456"],
    ]);
  });

  it("reports every problem at once, the bot's and the digest's, each with its fix", () => {
    const problems = problemsOf({
      SLACK_BOT_TOKEN: "xoxb-1",
      GITHUB_ORG: "acme",
      GITHUB_TOKEN: "ghp_x",
      METRICS_SOURCE: "graphql",
      COPILOT_SEAT_PRICE_BUSINESS: "nineteen",
      DIGEST_TEAM_CHANNELS: "backend:C123",
      GITHUB_ENTERPRISE: "-bad-",
    });

    expect(problems).toHaveLength(6);
    expect(problems.join("\n")).toMatch(/SLACK_SIGNING_SECRET is not set/);
    expect(problems.join("\n")).toMatch(/DIGEST_CHANNEL is not set: .*Channel ID/);
    expect(problems.join("\n")).toMatch(/METRICS_SOURCE must be one of reports, metrics, usage, auto, got "graphql"/);
    expect(problems.join("\n")).toMatch(/COPILOT_SEAT_PRICE_BUSINESS must be a price/);
    expect(problems.join("\n")).toMatch(/"backend:C123" is not one/);
    expect(problems.join("\n")).toMatch(/GITHUB_ENTERPRISE must be the enterprise's slug/);
  });

  it("refuses a channel name where a channel ID is needed", () => {
    expect(problemsOf({ ...BOT_ENV, DIGEST_CHANNEL: "#copilot" })).toEqual([
      'DIGEST_CHANNEL must be a Slack channel ID such as C012ABCDEF (channel name → About), got "#copilot".',
    ]);
  });
});
