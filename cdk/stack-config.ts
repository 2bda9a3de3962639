import { parseDuration } from "../src/config/duration.js";
import { GITHUB_LOGIN, SLACK_CHANNEL_ID, SLACK_USER_ID } from "../src/identifiers.js";
import { parseIdentitySources } from "../src/identity/identity-link.js";
import { readReclaimPolicy } from "../src/reclaim/policy.js";
import { parseWorkingDays } from "../src/request/working-time.js";
/**
 * The deployment's settings, read from CDK context (`cdk.json` "context" or `-c key=value`) and validated once,
 * so that a missing or mistyped value stops `cdk synth` with the fix instead of surfacing as a broken bot.
 */

export const WEEK_DAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];

export interface WeeklySchedule {
  /** EventBridge Scheduler day-of-week token, e.g. `MON`. */
  readonly weekDay: WeekDay;
  /** Hour of the day, 0–23, in `timeZone`. */
  readonly hour: number;
  /** IANA time zone name, e.g. `Europe/Berlin`. */
  readonly timeZone: string;
}

export interface StackConfig {
  readonly githubOrg: string;
  readonly digestChannel: string;
  readonly digestSchedule: WeeklySchedule;
  readonly adminUserIds: readonly string[];
  readonly alarmEmail: string | undefined;
  readonly githubApiUrl: string | undefined;
  readonly slackApiUrl: string | undefined;
  readonly githubEnterprise: string | undefined;
  readonly metricsSource: string | undefined;
  /** `team-slug=channel-ID` pairs for the per-team digests, as the digest function reads them. */
  readonly digestTeamChannels: string | undefined;
  readonly seatPriceBusiness: string | undefined;
  readonly seatPriceEnterprise: string | undefined;
  /**
   * The request and seat lifecycle settings given in context, by the environment variable the functions read
   * (`REMINDER_AFTER`, …); those left out take the bot's own defaults.
   */
  readonly lifecycleEnvironment: Readonly<Record<string, string>>;
  /** How often the maintenance sweep runs: whole minutes, at least 1 (EventBridge Scheduler's finest rate). */
  readonly sweepEveryMinutes: number;
  /**
   * `REQUIRE_PROVEN_LOGIN` for every function: on unless `-c requireProvenLogin=false`, so a deployment asks for
   * seats only for accounts people proved are theirs.
   */
  readonly requireProvenLogin: boolean;
  /** `IDENTITY_SOURCES` as given (checked like the bot checks it); the bot's default order when absent. */
  readonly identitySources: string | undefined;
}

/** Context key → the environment variable it sets, and what kind of value it takes. */
const LIFECYCLE_CONTEXT = {
  reminderAfter: { variable: "REMINDER_AFTER", kind: "duration", example: "24h" },
  escalateAfter: { variable: "ESCALATE_AFTER", kind: "duration", example: "72h" },
  expireAfter: { variable: "EXPIRE_AFTER", kind: "duration", example: "14d" },
  seatEndWarning: { variable: "SEAT_END_WARNING", kind: "duration", example: "7d" },
  workingDays: { variable: "WORKING_DAYS", kind: "days", example: "MON-FRI" },
  seatDurations: { variable: "SEAT_DURATIONS", kind: "durations", example: "30d,60d,90d" },
  defaultSeatDuration: { variable: "DEFAULT_SEAT_DURATION", kind: "seat-duration", example: "permanent" },
  reclaimMode: { variable: "RECLAIM_MODE", kind: "reclaim", example: "report" },
  reclaimIdleAfter: { variable: "RECLAIM_IDLE_AFTER", kind: "duration", example: "60d" },
  reclaimExempt: { variable: "RECLAIM_EXEMPT", kind: "reclaim", example: "octocat,team:leadership" },
  reclaimGrace: { variable: "RECLAIM_GRACE", kind: "duration", example: "7d" },
  reclaimSnooze: { variable: "RECLAIM_SNOOZE", kind: "duration", example: "90d" },
  reclaimDay: { variable: "RECLAIM_DAY", kind: "reclaim", example: "MON" },
} as const;

export const DEFAULT_SWEEP_EVERY_MINUTES = 15;

/** Reads one context value; `(key) => app.node.tryGetContext(key)` in the app, a plain object in tests. */
export type ContextReader = (key: string) => unknown;

const TEAM_CHANNELS = /^[A-Za-z0-9_.-]+=[CG][A-Z0-9]+(,[A-Za-z0-9_.-]+=[CG][A-Z0-9]+)*$/;

export const DEFAULT_DIGEST_SCHEDULE: WeeklySchedule = { weekDay: "MON", hour: 9, timeZone: "UTC" };

/** Every problem found in the context, each with the `-c key=value` that fixes it. */
export class StackConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      [
        `Cannot synthesize the Copilot seat bot: ${problems.length} context value${problems.length === 1 ? " is" : "s are"} missing or invalid.`,
        ...problems.map((problem) => `  - ${problem}`),
        'Set them in cdk.json under "context", or pass them on the command line, for example:',
        "  npx cdk deploy -c githubOrg=acme -c digestChannel=C0123456789",
      ].join("\n"),
    );
    this.name = "StackConfigError";
    this.problems = problems;
  }
}

// GitHub logins, Slack channel and user IDs: the rules the bot itself applies (`src/identifiers.ts`).
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Zone names such as `UTC`, `Europe/Berlin`, `America/Argentina/Buenos_Aires`, `Etc/GMT+5`. Intl alone would also
// accept offsets like `+02:00`, which EventBridge Scheduler rejects at deploy time.
const IANA_ZONE_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;
const TOKEN = /^\S+$/;

export function readStackConfig(readContext: ContextReader): StackConfig {
  const problems: string[] = [];
  const text = (key: string): string | undefined => {
    const value = readContext(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    if (typeof value !== "string") {
      problems.push(`${key} must be a string, got ${JSON.stringify(value)}.`);
      return undefined;
    }
    const trimmed = value.trim();
    return trimmed === "" ? undefined : trimmed;
  };

  const githubOrg = text("githubOrg");
  if (githubOrg === undefined) {
    problems.push(
      "githubOrg is required: the GitHub organization whose Copilot seats the bot manages. Pass -c githubOrg=<organization>, e.g. -c githubOrg=acme",
    );
  } else if (!GITHUB_LOGIN.test(githubOrg)) {
    problems.push(
      `githubOrg "${githubOrg}" is not a GitHub organization name (1–39 letters, digits or single hyphens). Pass -c githubOrg=<organization>, e.g. -c githubOrg=acme`,
    );
  }

  const digestChannel = text("digestChannel");
  if (digestChannel === undefined) {
    problems.push(
      "digestChannel is required: the ID of the Slack channel that receives the weekly digest (channel details → About, at the bottom). Pass -c digestChannel=<channel-id>, e.g. -c digestChannel=C0123456789",
    );
  } else if (!SLACK_CHANNEL_ID.test(digestChannel)) {
    problems.push(
      `digestChannel "${digestChannel}" is not a Slack channel ID; use the ID, not the name (channel details → About, at the bottom). Pass -c digestChannel=<channel-id>, e.g. -c digestChannel=C0123456789`,
    );
  }

  const digestSchedule = readDigestSchedule(text, problems);
  const adminUserIds = readAdminUserIds(readContext("adminUserIds"), problems);

  const alarmEmail = text("alarmEmail");
  if (alarmEmail !== undefined && !EMAIL.test(alarmEmail)) {
    problems.push(
      `alarmEmail "${alarmEmail}" is not an email address. Pass -c alarmEmail=<address>, e.g. -c alarmEmail=platform@example.com, or leave it out to add subscribers to the alarm topic yourself.`,
    );
  }

  const githubApiUrl = readHttpsUrl("githubApiUrl", "https://github.example.com/api/v3", text, problems);
  const slackApiUrl = readHttpsUrl("slackApiUrl", "https://slack-gov.com/api/", text, problems);

  const githubEnterprise = text("githubEnterprise");
  if (githubEnterprise !== undefined && !TOKEN.test(githubEnterprise)) {
    problems.push(
      `githubEnterprise "${githubEnterprise}" must be the enterprise slug without spaces. Pass -c githubEnterprise=<slug>, or leave it out.`,
    );
  }
  const metricsSource = text("metricsSource");
  if (metricsSource !== undefined && !["reports", "metrics", "usage", "auto"].includes(metricsSource)) {
    problems.push(
      `metricsSource "${metricsSource}" must be one of reports, metrics, usage or auto. Pass -c metricsSource=auto, or leave it out.`,
    );
  }

  const digestTeamChannels = text("digestTeamChannels");
  if (digestTeamChannels !== undefined && !TEAM_CHANNELS.test(digestTeamChannels)) {
    problems.push(
      `digestTeamChannels "${digestTeamChannels}" must list team-slug=channel-ID pairs. Pass -c digestTeamChannels=backend=C0123ABCD,web=C0456EFGH, or leave it out.`,
    );
  }
  const [seatPriceBusiness, seatPriceEnterprise] = (["seatPriceBusiness", "seatPriceEnterprise"] as const).map(
    (key) => {
      const price = text(key);
      if (price !== undefined && !(Number.isFinite(Number(price)) && Number(price) >= 0)) {
        problems.push(`${key} "${price}" must be dollars per seat per month, e.g. -c ${key}=19, or leave it out.`);
      }
      return price;
    },
  );

  const lifecycleEnvironment = readLifecycleContext(text, problems);
  const sweepEveryMinutes = readSweepEvery(text("sweepEvery"), problems);

  const requireProvenText = (text("requireProvenLogin") ?? "true").toLowerCase();
  if (requireProvenText !== "true" && requireProvenText !== "false") {
    problems.push(
      `requireProvenLogin "${text("requireProvenLogin")}" must be true or false. Pass -c requireProvenLogin=false to let people ask for seats for logins they typed, or leave it out (true).`,
    );
  }
  const identitySources = text("identitySources");
  const sourcesRead = identitySources === undefined ? undefined : parseIdentitySources(identitySources);
  if (sourcesRead && "problem" in sourcesRead) {
    problems.push(`${sourcesRead.problem.replace(/^IDENTITY_SOURCES/, "identitySources")} Pass -c identitySources=…`);
  }

  if (problems.length > 0 || githubOrg === undefined || digestChannel === undefined) {
    throw new StackConfigError(problems);
  }
  return {
    githubOrg,
    digestChannel,
    digestSchedule,
    adminUserIds,
    alarmEmail,
    githubApiUrl,
    slackApiUrl,
    githubEnterprise,
    metricsSource,
    digestTeamChannels,
    seatPriceBusiness,
    seatPriceEnterprise,
    lifecycleEnvironment,
    sweepEveryMinutes,
    requireProvenLogin: requireProvenText !== "false",
    identitySources: sourcesRead && "order" in sourcesRead ? sourcesRead.order.join(",") : undefined,
  };
}

/** The same rules `loadConfig` applies at start-up, checked here so a typo stops the synth instead of the bot. */
function readLifecycleContext(text: (key: string) => string | undefined, problems: string[]): Record<string, string> {
  const environment: Record<string, string> = {};
  const isDuration = (value: string) => {
    try {
      parseDuration(value);
      return true;
    } catch {
      return false;
    }
  };
  const seatDurations = (text("seatDurations") ?? "30d,60d,90d").split(",").map((item) => item.trim());
  for (const [key, { variable, kind, example }] of Object.entries(LIFECYCLE_CONTEXT)) {
    const value = text(key);
    if (value === undefined) continue;
    const valid =
      kind === "duration"
        ? isDuration(value)
        : kind === "durations"
          ? value.split(",").every((item) => isDuration(item.trim()))
          : kind === "days"
            ? parseWorkingDays(value) !== undefined
            : kind === "reclaim"
              ? isReclaimSetting(variable, value)
              : value === "permanent" || seatDurations.includes(value);
    if (!valid) {
      const expected =
        kind === "days"
          ? "a range or list of days such as MON-FRI or SUN-THU"
          : kind === "reclaim"
            ? `what ${variable} takes (see the README's configuration table)`
            : kind === "seat-duration"
              ? "permanent or one of seatDurations"
              : "a duration with its unit (s, m, h or d), such as 90s, 15m, 24h or 14d";
      problems.push(
        `${key} "${value}" must be ${expected}. Pass -c ${key}=${example}, or leave it out for the default.`,
      );
      continue;
    }
    environment[variable] = value;
  }
  return environment;
}

/** `RECLAIM_MODE`, `RECLAIM_EXEMPT` and `RECLAIM_DAY` by the bot's own reader (`src/reclaim/policy.ts`). */
function isReclaimSetting(variable: string, value: string): boolean {
  const problems: string[] = [];
  readReclaimPolicy((name) => (name === variable ? value : undefined), "UTC", problems);
  return problems.length === 0;
}

function readSweepEvery(value: string | undefined, problems: string[]): number {
  if (value === undefined) return DEFAULT_SWEEP_EVERY_MINUTES;
  let ms = 0;
  try {
    ms = parseDuration(value);
  } catch {
    // Reported below.
  }
  if (ms < 60_000 || ms % 60_000 !== 0) {
    problems.push(
      `sweepEvery "${value}" must be whole minutes, at least 1m (EventBridge Scheduler's finest rate). Pass -c sweepEvery=15m, or leave it out.`,
    );
    return DEFAULT_SWEEP_EVERY_MINUTES;
  }
  return ms / 60_000;
}

function readDigestSchedule(text: (key: string) => string | undefined, problems: string[]): WeeklySchedule {
  let { weekDay, hour, timeZone } = DEFAULT_DIGEST_SCHEDULE;

  const day = text("digestScheduleDay");
  if (day !== undefined) {
    const upper = day.toUpperCase();
    if (isWeekDay(upper)) {
      weekDay = upper;
    } else {
      problems.push(
        `digestScheduleDay "${day}" is not a day of the week; use one of ${WEEK_DAYS.join(", ")}. Pass -c digestScheduleDay=MON`,
      );
    }
  }

  const rawHour = text("digestScheduleHour");
  if (rawHour !== undefined) {
    const parsed = /^\d{1,2}$/.test(rawHour) ? Number(rawHour) : Number.NaN;
    if (parsed >= 0 && parsed <= 23) {
      hour = parsed;
    } else {
      problems.push(
        `digestScheduleHour "${rawHour}" is not an hour of the day; use a whole number from 0 to 23. Pass -c digestScheduleHour=9`,
      );
    }
  }

  const zone = text("digestTimeZone");
  if (zone !== undefined) {
    if (isIanaTimeZone(zone)) {
      timeZone = zone;
    } else {
      problems.push(
        `digestTimeZone "${zone}" is not an IANA time zone name. Pass -c digestTimeZone=<Area/City>, e.g. -c digestTimeZone=Europe/Berlin`,
      );
    }
  }

  return { weekDay, hour, timeZone };
}

function readAdminUserIds(value: unknown, problems: string[]): string[] {
  if (value === undefined || value === null) return [];
  // `-c adminUserIds=U1,U2` arrives as a string; cdk.json may hold either a string or an array.
  const items = typeof value === "string" ? value.split(",") : Array.isArray(value) ? value : undefined;
  if (items === undefined || items.some((item) => typeof item !== "string")) {
    problems.push(
      `adminUserIds must be Slack user IDs separated by commas, got ${JSON.stringify(value)}. Pass -c adminUserIds=U0123ABCD,U0456EFGH`,
    );
    return [];
  }
  const ids = (items as string[]).map((item) => item.trim()).filter((item) => item !== "");
  const invalid = ids.filter((id) => !SLACK_USER_ID.test(id));
  if (invalid.length > 0) {
    problems.push(
      `adminUserIds contains ${invalid.map((id) => `"${id}"`).join(", ")}, which ${invalid.length === 1 ? "is not a Slack user ID" : "are not Slack user IDs"} (profile → ⋯ → Copy member ID). Pass -c adminUserIds=U0123ABCD,U0456EFGH`,
    );
  }
  return ids;
}

function readHttpsUrl(
  key: string,
  example: string,
  text: (key: string) => string | undefined,
  problems: string[],
): string | undefined {
  const value = text(key);
  if (value === undefined) return undefined;
  if (!URL.canParse(value) || new URL(value).protocol !== "https:") {
    problems.push(`${key} "${value}" is not an https URL. Pass -c ${key}=${example}, or leave it out for the default.`);
  }
  return value;
}

function isWeekDay(value: string): value is WeekDay {
  return (WEEK_DAYS as readonly string[]).includes(value);
}

function isIanaTimeZone(zone: string): boolean {
  if (!IANA_ZONE_SHAPE.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
