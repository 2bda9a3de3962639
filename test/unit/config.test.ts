import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { problemsOf, MINIMAL_ENV as VALID } from "../support/config-problems.js";

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

describe("request and seat lifecycle configuration", () => {
  it("defaults to reminders after 24h, escalation after 72h of working time MON-FRI in UTC, expiry after 14d", () => {
    const { lifecycle } = loadConfig(VALID);

    expect(lifecycle.reminderAfterMs).toBe(24 * 3600_000);
    expect(lifecycle.escalateAfterMs).toBe(72 * 3600_000);
    expect(lifecycle.expireAfterMs).toBe(14 * 86_400_000);
    expect([...lifecycle.workingDays]).toEqual([1, 2, 3, 4, 5]);
    expect(lifecycle.timeZone).toBe("UTC");
    expect(lifecycle.seatDurations).toEqual(["30d", "60d", "90d"]);
    expect(lifecycle.defaultSeatDuration).toBe("permanent");
    expect(lifecycle.seatEndWarningMs).toBe(7 * 86_400_000);
  });

  it("reads durations with their unit and a Sunday-to-Thursday week", () => {
    const { lifecycle } = loadConfig({
      ...VALID,
      REMINDER_AFTER: "90m",
      WORKING_DAYS: "SUN-THU",
      TIME_ZONE: "Asia/Jerusalem",
      DEFAULT_SEAT_DURATION: "60d",
    });

    expect(lifecycle.reminderAfterMs).toBe(90 * 60_000);
    expect([...lifecycle.workingDays]).toEqual([0, 1, 2, 3, 4]);
    expect(lifecycle.timeZone).toBe("Asia/Jerusalem");
    expect(lifecycle.defaultSeatDuration).toBe("60d");
  });

  it("names every lifecycle problem at once, with the fix", () => {
    const problems = problemsOf({
      ...VALID,
      REMINDER_AFTER: "24",
      EXPIRE_AFTER: "2 weeks",
      WORKING_DAYS: "weekdays",
      TIME_ZONE: "Mars/Olympus",
      SEAT_DURATIONS: "30d,forever",
      DEFAULT_SEAT_DURATION: "45d",
      SEAT_END_WARNING: "0d",
    }).join("\n");

    expect(problems).toContain('REMINDER_AFTER: "24" is not a duration');
    expect(problems).toContain('EXPIRE_AFTER: "2 weeks" is not a duration');
    expect(problems).toContain("WORKING_DAYS must be a range or list of days such as MON-FRI");
    expect(problems).toContain("TIME_ZONE must be an IANA time zone name such as Europe/Berlin");
    expect(problems).toContain('SEAT_DURATIONS: "forever" is not a duration');
    expect(problems).toContain('DEFAULT_SEAT_DURATION must be "permanent" or one of SEAT_DURATIONS');
    expect(problems).toContain('SEAT_END_WARNING: "0d" is not a duration');
  });

  it("refuses an escalation that could only come after the request expired", () => {
    expect(problemsOf({ ...VALID, ESCALATE_AFTER: "15d" }).join("\n")).toContain(
      "ESCALATE_AFTER (15d) must be shorter than EXPIRE_AFTER (14d)",
    );
  });
});
