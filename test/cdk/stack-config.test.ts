import { App } from "aws-cdk-lib";
import { describe, expect, it } from "vitest";
import { defineApp } from "../../cdk/define-app.js";
import { type ContextReader, readStackConfig, StackConfigError } from "../../cdk/stack-config.js";
import { projectContext, REQUIRED_CONTEXT } from "./synthesize-app.js";

const contextOf =
  (values: Record<string, unknown>): ContextReader =>
  (key) =>
    values[key];

function problemsFor(values: Record<string, unknown>): readonly string[] {
  try {
    readStackConfig(contextOf(values));
  } catch (error) {
    if (error instanceof StackConfigError) return error.problems;
    throw error;
  }
  throw new Error("readStackConfig accepted the context");
}

describe("stack configuration from CDK context", () => {
  it("stops the synth of a clean clone, naming each missing value and the -c flag that sets it", () => {
    // Prepare: cdk.json as shipped, nothing passed on the command line
    const app = new App({ context: projectContext() });

    // Act
    const synth = () => defineApp(app);

    // Assess
    expect(synth).toThrow(StackConfigError);
    expect(synth).toThrow(/githubOrg is required.*-c githubOrg=acme/);
    expect(synth).toThrow(/digestChannel is required.*-c digestChannel=C0123456789/);
    expect(synth).toThrow(/npx cdk deploy -c githubOrg=acme -c digestChannel=C0123456789/);
  });

  it("reports every problem at once instead of one per attempt", () => {
    // Prepare
    const context = { digestScheduleHour: "25", digestTimeZone: "Mars/Olympus_Mons" };

    // Act
    const problems = problemsFor(context);

    // Assess
    expect(problems).toHaveLength(4);
    expect(problems.map((problem) => problem.split(" ")[0])).toEqual([
      "githubOrg",
      "digestChannel",
      "digestScheduleHour",
      "digestTimeZone",
    ]);
  });

  it("defaults to a Monday 09:00 UTC digest, no admins and no alarm email", () => {
    // Prepare
    const context = contextOf({ ...projectContext(), ...REQUIRED_CONTEXT });

    // Act
    const config = readStackConfig(context);

    // Assess
    expect(config).toEqual({
      githubOrg: "acme",
      digestChannel: "C0123456789",
      digestSchedule: { weekDay: "MON", hour: 9, timeZone: "UTC" },
      adminUserIds: [],
      alarmEmail: undefined,
      githubApiUrl: undefined,
      slackApiUrl: undefined,
      githubEnterprise: undefined,
      metricsSource: undefined,
      digestTeamChannels: undefined,
      seatPriceBusiness: undefined,
      seatPriceEnterprise: undefined,
      lifecycleEnvironment: {},
      sweepEveryMinutes: 15,
      requireProvenLogin: true,
      identitySources: undefined,
    });
  });

  it("reads the string values that -c passes: day in any case, hour as digits, admins comma-separated", () => {
    // Prepare
    const context = contextOf({
      ...REQUIRED_CONTEXT,
      digestScheduleDay: "fri",
      digestScheduleHour: "14",
      digestTimeZone: "America/Argentina/Buenos_Aires",
      adminUserIds: "U0123ABCD, W0456EFGH",
      alarmEmail: "platform@example.com",
      githubApiUrl: "https://github.example.com/api/v3",
      githubEnterprise: "acme-corp",
      metricsSource: "usage",
      digestTeamChannels: "backend=C0123ABCD,web=C0456EFGH",
      seatPriceBusiness: "21",
    });

    // Act
    const config = readStackConfig(context);

    // Assess
    expect(config.digestSchedule).toEqual({ weekDay: "FRI", hour: 14, timeZone: "America/Argentina/Buenos_Aires" });
    expect(config.adminUserIds).toEqual(["U0123ABCD", "W0456EFGH"]);
    expect(config.alarmEmail).toBe("platform@example.com");
    expect(config.githubApiUrl).toBe("https://github.example.com/api/v3");
    expect(config.githubEnterprise).toBe("acme-corp");
    expect(config.metricsSource).toBe("usage");
    expect(config.digestTeamChannels).toBe("backend=C0123ABCD,web=C0456EFGH");
    expect(config.seatPriceBusiness).toBe("21");
  });

  it("refuses digest options the digest function would refuse at start-up", () => {
    // Prepare
    const context = {
      ...REQUIRED_CONTEXT,
      metricsSource: "copilot",
      digestTeamChannels: "backend:C0123ABCD",
      seatPriceEnterprise: "thirty-nine",
    };

    // Act
    const problems = problemsFor(context);

    // Assess
    expect(problems).toEqual([
      expect.stringContaining('metricsSource "copilot" must be one of reports, metrics, usage or auto'),
      expect.stringContaining('digestTeamChannels "backend:C0123ABCD" must list team-slug=channel-ID pairs'),
      expect.stringContaining('seatPriceEnterprise "thirty-nine" must be dollars per seat per month'),
    ]);
  });

  it("accepts admin IDs as a JSON array in cdk.json", () => {
    // Prepare
    const context = contextOf({ ...REQUIRED_CONTEXT, adminUserIds: ["U0123ABCD", "U0456EFGH"] });

    // Act
    const config = readStackConfig(context);

    // Assess
    expect(config.adminUserIds).toEqual(["U0123ABCD", "U0456EFGH"]);
  });

  it.each([
    ["Europe/Berlinn", "a misspelt zone"],
    ["+02:00", "an offset, which Intl accepts but EventBridge Scheduler does not"],
    ["Europe/Berlin ; rm", "text that is not a zone name"],
  ])("rejects the digest time zone %s (%s)", (zone) => {
    // Prepare
    const context = { ...REQUIRED_CONTEXT, digestTimeZone: zone };

    // Act
    const problems = problemsFor(context);

    // Assess
    expect(problems).toEqual([
      expect.stringMatching(/^digestTimeZone .* not an IANA time zone name.*-c digestTimeZone=/),
    ]);
  });

  it.each([
    ["digestScheduleDay", "Funday", /one of MON, TUE, WED, THU, FRI, SAT, SUN/],
    ["digestScheduleHour", "9.5", /whole number from 0 to 23/],
    ["digestScheduleHour", "24", /whole number from 0 to 23/],
    ["digestChannel", "#copilot", /not a Slack channel ID; use the ID, not the name/],
    ["githubOrg", "-acme-", /not a GitHub organization name/],
    ["adminUserIds", "U0123ABCD,alice", /"alice", which is not a Slack user ID/],
    ["alarmEmail", "platform-team", /not an email address/],
    ["slackApiUrl", "http://slack.example.com/api/", /not an https URL/],
  ])("rejects %s=%s with the fix", (key, value, message) => {
    // Prepare
    const context = { ...REQUIRED_CONTEXT, [key]: value };

    // Act
    const problems = problemsFor(context);

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
    expect(problems[0]).toMatch(new RegExp(`-c ${key}=`));
  });

  it("passes the request and seat lifecycle settings through as the variables the functions read", () => {
    // Prepare
    const context = contextOf({
      ...REQUIRED_CONTEXT,
      reminderAfter: "8h",
      workingDays: "SUN-THU",
      seatDurations: "14d,30d",
      defaultSeatDuration: "30d",
      sweepEvery: "5m",
    });

    // Act
    const config = readStackConfig(context);

    // Assess
    expect(config.lifecycleEnvironment).toEqual({
      REMINDER_AFTER: "8h",
      WORKING_DAYS: "SUN-THU",
      SEAT_DURATIONS: "14d,30d",
      DEFAULT_SEAT_DURATION: "30d",
    });
    expect(config.sweepEveryMinutes).toBe(5);
  });

  it("refuses lifecycle settings the bot would refuse at start-up, and a sweep faster than once a minute", () => {
    // Prepare
    const context = {
      ...REQUIRED_CONTEXT,
      reminderAfter: "24",
      workingDays: "weekdays",
      defaultSeatDuration: "45d",
      sweepEvery: "30s",
    };

    // Act
    const problems = problemsFor(context).join("\n");

    // Assess
    expect(problems).toContain('reminderAfter "24" must be a duration with its unit');
    expect(problems).toContain('workingDays "weekdays" must be a range or list of days');
    expect(problems).toContain('defaultSeatDuration "45d" must be permanent or one of seatDurations');
    expect(problems).toContain('sweepEvery "30s" must be whole minutes, at least 1m');
  });

  it("requires proven logins in a deployment unless told otherwise, and checks the identity sources", () => {
    // Prepare
    const defaults = contextOf({ ...REQUIRED_CONTEXT });
    const optedOut = contextOf({ ...REQUIRED_CONTEXT, requireProvenLogin: false, identitySources: "saml, oauth" });

    // Act
    const [byDefault, withOptOut] = [readStackConfig(defaults), readStackConfig(optedOut)];
    const problems = problemsFor({ ...REQUIRED_CONTEXT, requireProvenLogin: "maybe", identitySources: "oauth,ldap" });

    // Assess
    expect(byDefault).toMatchObject({ requireProvenLogin: true, identitySources: undefined });
    expect(withOptOut).toMatchObject({ requireProvenLogin: false, identitySources: "saml,oauth" });
    expect(problems.join("\n")).toContain('requireProvenLogin "maybe" must be true or false');
    expect(problems.join("\n")).toContain("identitySources names unknown sources (ldap)");
  });
});
