import type { GitHubAuth } from "../github/octokit.js";
import { SLACK_USER_ID } from "../identifiers.js";
import { IDENTITY_SOURCES, type IdentitySource, parseIdentitySources } from "../identity/identity-link.js";
import { type ReclaimPolicy, readReclaimPolicy } from "../reclaim/policy.js";
import { isValidGitHubLogin } from "../request/github-login.js";
import type { WaitingLimits } from "../request/pending-lifecycle.js";
import { parseWorkingDays } from "../request/working-time.js";
import { parseDuration } from "./duration.js";

export interface Config {
  slack: {
    signingSecret: string;
    botToken: string;
    /** Present only when the bot runs in Socket Mode. */
    appToken?: string;
    apiUrl: string;
  };
  github: {
    organization: string;
    apiUrl: string;
    auth: GitHubAuth;
    /** The first retry's wait after a 5xx or 429; later retries wait the square of their number times as long. */
    retryBaseMs: number;
  };
  adminIds: string[];
  dynamodb: {
    tableName: string;
    region: string;
    endpoint?: string;
  };
  lifecycle: LifecycleConfig;
  /** The SQS queue in AWS; locally the queue runs in-process and this is absent. */
  jobQueueUrl?: string;
  port: number;
  /** "Connect your GitHub account" (Sign in with GitHub); absent until the GitHub App's client ID and secret are set. */
  signIn?: SignInConfig;
  /**
   * `REQUIRE_PROVEN_LOGIN`: requests only for the requester's own proven GitHub account (`requesterLogin` in
   * `src/identity/requester-login.ts`). Off when unset, so existing setups and typed logins keep working; the CDK
   * stack sets it to `true` for its deployments unless told otherwise.
   */
  requireProvenLogin?: boolean;
  /** Reclaiming idle seats (`RECLAIM_*`, see `src/reclaim/policy.ts`); the defaults when absent. */
  reclaim?: ReclaimPolicy;
  /** `IDENTITY_SOURCES`: how the bot may learn who is who, strongest first; which syncs run, in that order. */
  identitySources: readonly IdentitySource[];
}

export interface SignInConfig {
  clientId: string;
  clientSecret: string;
  /** GitHub's web origin, where people authorize the app (`GITHUB_WEB_URL`, GHE.com has its own). */
  webUrl: string;
  /** The bot's own public HTTPS origin, where GitHub sends people back (`/github/callback`). */
  publicUrl: string;
}

/** How long requests may wait and seats may last; every duration written with its unit in the environment. */
export interface LifecycleConfig {
  /** Working time before the approver is reminded, and again after each reminder. */
  reminderAfterMs: number;
  /** Working time before the admins get the approval message too. */
  escalateAfterMs: number;
  /** Calendar time before a waiting request ends as EXPIRED. */
  expireAfterMs: number;
  /** Days of the week that count as working time (`Date#getDay` numbers), in `timeZone`. */
  workingDays: ReadonlySet<number>;
  timeZone: string;
  /** The durations a time-bound seat may be requested for, as written (`30d`). */
  seatDurations: readonly string[];
  /** `permanent`, or one of `seatDurations`. */
  defaultSeatDuration: string;
  /** How long before a time-bound seat ends its holder is warned. */
  seatEndWarningMs: number;
}

/** The sweep's view of the lifecycle settings: how long a waiting request may wait, in which working week. */
export function waitingLimitsOf(lifecycle: LifecycleConfig): WaitingLimits {
  return {
    reminderAfterMs: lifecycle.reminderAfterMs,
    escalateAfterMs: lifecycle.escalateAfterMs,
    expireAfterMs: lifecycle.expireAfterMs,
    workingWeek: { days: lifecycle.workingDays, timeZone: lifecycle.timeZone },
  };
}

/** The defaults the README's configuration table lists. */
export const LIFECYCLE_DEFAULTS = {
  REMINDER_AFTER: "24h",
  ESCALATE_AFTER: "72h",
  EXPIRE_AFTER: "14d",
  WORKING_DAYS: "MON-FRI",
  TIME_ZONE: "UTC",
  SEAT_DURATIONS: "30d,60d,90d",
  DEFAULT_SEAT_DURATION: "permanent",
  SEAT_END_WARNING: "7d",
} as const;

export type Env = Record<string, string | undefined>;

/** Every configuration problem found, each with how to fix it, so one failed start-up is enough to fix them all. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The bot's configuration has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const value = (name: string) => {
    const raw = env[name]?.trim();
    return raw ? raw : undefined;
  };
  const required = (name: string, how: string) => {
    const found = value(name);
    if (!found) problems.push(`${name} is not set: ${how}`);
    return found ?? "";
  };
  const url = (name: string, fallback: string) => {
    const raw = value(name) ?? fallback;
    try {
      const parsed = new URL(raw);
      if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new Error("not http(s)");
    } catch {
      problems.push(`${name} must be an http(s) URL, got "${raw}".`);
    }
    return raw;
  };

  const signingSecret = required(
    "SLACK_SIGNING_SECRET",
    "find the Signing Secret under Basic Information → App Credentials in your Slack app's settings.",
  );
  const botToken = required(
    "SLACK_BOT_TOKEN",
    "install the app to your workspace and copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions.",
  );
  if (botToken && !botToken.startsWith("xoxb-")) {
    problems.push("SLACK_BOT_TOKEN must be a bot token starting with xoxb- (from OAuth & Permissions).");
  }
  const appToken = value("SLACK_APP_TOKEN");
  if (appToken && !appToken.startsWith("xapp-")) {
    problems.push(
      "SLACK_APP_TOKEN must be an app-level token starting with xapp- with the connections:write scope (Basic Information → App-Level Tokens), or be left unset to use HTTP.",
    );
  }
  const slackApiUrl = url("SLACK_API_URL", "https://slack.com/api/");

  const organization = required(
    "GITHUB_ORG",
    "set it to the login of the GitHub organization whose Copilot seats the bot manages.",
  );
  if (organization && !isValidGitHubLogin(organization)) {
    problems.push(`GITHUB_ORG "${organization}" is not a valid GitHub organization login.`);
  }
  const githubApiUrl = url("GITHUB_API_URL", "https://api.github.com");
  const auth = githubAuth(value, problems);
  const retryText = value("GITHUB_RETRY_BASE_MS") ?? "1000";
  const retryBaseMs = Number(retryText);
  if (!Number.isInteger(retryBaseMs) || retryBaseMs < 0) {
    problems.push(`GITHUB_RETRY_BASE_MS must be a whole number of milliseconds, got "${retryText}".`);
  }

  const adminIds = (value("COPILOT_ADMIN_IDS") ?? "")
    .split(",")
    .map((id) => id.trim())
    .filter(Boolean);
  const badAdmins = adminIds.filter((id) => !SLACK_USER_ID.test(id));
  if (badAdmins.length > 0) {
    problems.push(
      `COPILOT_ADMIN_IDS must list Slack user IDs such as U012ABCDEF (open a profile → ⋮ → Copy member ID); these are not: ${badAdmins.join(", ")}.`,
    );
  }

  const portText = value("PORT") ?? "3000";
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    problems.push(`PORT must be a port number, got "${portText}".`);
  const endpoint = value("DYNAMODB_ENDPOINT");
  if (endpoint) url("DYNAMODB_ENDPOINT", endpoint);

  const lifecycle = readLifecycle(value, problems);
  const signIn = readSignIn(value, url, port, problems);
  const requireProvenText = (value("REQUIRE_PROVEN_LOGIN") ?? "false").toLowerCase();
  if (requireProvenText !== "true" && requireProvenText !== "false") {
    problems.push(`REQUIRE_PROVEN_LOGIN must be true or false, got "${value("REQUIRE_PROVEN_LOGIN")}".`);
  }

  const identitySources = parseIdentitySources(value("IDENTITY_SOURCES") ?? IDENTITY_SOURCES.join(","));
  if ("problem" in identitySources) problems.push(identitySources.problem);

  const reclaim = readReclaimPolicy(value, lifecycle.timeZone, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    reclaim,
    slack: { signingSecret, botToken, apiUrl: slackApiUrl, ...(appToken ? { appToken } : {}) },
    github: { organization, apiUrl: githubApiUrl, auth: auth as GitHubAuth, retryBaseMs },
    adminIds,
    lifecycle,
    dynamodb: {
      tableName: value("TABLE_NAME") ?? "copilot-seat-bot",
      region: value("AWS_REGION") ?? value("AWS_DEFAULT_REGION") ?? "us-east-1",
      ...(endpoint ? { endpoint } : {}),
    },
    ...(value("JOB_QUEUE_URL") ? { jobQueueUrl: value("JOB_QUEUE_URL") } : {}),
    port,
    ...(signIn ? { signIn } : {}),
    ...(requireProvenText === "true" ? { requireProvenLogin: true } : {}),
    identitySources: "order" in identitySources ? identitySources.order : IDENTITY_SOURCES,
  };
}

/** Optional: Sign in with GitHub needs both the client ID and the client secret, or neither. */
function readSignIn(
  value: (name: string) => string | undefined,
  url: (name: string, fallback: string) => string,
  port: number,
  problems: string[],
): SignInConfig | undefined {
  const clientId = value("GITHUB_APP_CLIENT_ID");
  const clientSecret = value("GITHUB_APP_CLIENT_SECRET");
  if (!clientId && !clientSecret) return undefined;
  if (!clientId || !clientSecret) {
    problems.push(
      `Sign in with GitHub needs both GITHUB_APP_CLIENT_ID and GITHUB_APP_CLIENT_SECRET (the GitHub App's settings → General → Client ID, and "Generate a new client secret"); ${clientId ? "GITHUB_APP_CLIENT_SECRET" : "GITHUB_APP_CLIENT_ID"} is missing. Leave both unset to turn it off.`,
    );
    return undefined;
  }
  const webUrl = url("GITHUB_WEB_URL", "https://github.com").replace(/\/+$/, "");
  const publicUrl = url("BOT_PUBLIC_URL", `http://localhost:${port}`).replace(/\/+$/, "");
  return { clientId, clientSecret, webUrl, publicUrl };
}

function readLifecycle(value: (name: string) => string | undefined, problems: string[]): LifecycleConfig {
  const setting = (name: keyof typeof LIFECYCLE_DEFAULTS) => value(name) ?? LIFECYCLE_DEFAULTS[name];
  const duration = (name: keyof typeof LIFECYCLE_DEFAULTS) => {
    try {
      return parseDuration(setting(name));
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
      return 0;
    }
  };
  const reminderAfterMs = duration("REMINDER_AFTER");
  const escalateAfterMs = duration("ESCALATE_AFTER");
  const expireAfterMs = duration("EXPIRE_AFTER");
  const seatEndWarningMs = duration("SEAT_END_WARNING");

  const workingDaysText = setting("WORKING_DAYS");
  const workingDays = parseWorkingDays(workingDaysText);
  if (!workingDays) {
    problems.push(
      `WORKING_DAYS must be a range or list of days such as MON-FRI, SUN-THU or MON,TUE,THU, got "${workingDaysText}".`,
    );
  }
  const timeZone = setting("TIME_ZONE");
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    problems.push(
      `TIME_ZONE must be an IANA time zone name such as Europe/Berlin or America/New_York, got "${timeZone}".`,
    );
  }

  const seatDurations = setting("SEAT_DURATIONS")
    .split(",")
    .map((text) => text.trim())
    .filter(Boolean);
  for (const text of seatDurations) {
    try {
      parseDuration(text);
    } catch (error) {
      problems.push(`SEAT_DURATIONS: ${(error as Error).message}`);
    }
  }
  const defaultSeatDuration = setting("DEFAULT_SEAT_DURATION");
  if (defaultSeatDuration !== "permanent" && !seatDurations.includes(defaultSeatDuration)) {
    problems.push(
      `DEFAULT_SEAT_DURATION must be "permanent" or one of SEAT_DURATIONS (${seatDurations.join(", ")}), got "${defaultSeatDuration}".`,
    );
  }
  if (reminderAfterMs && escalateAfterMs && expireAfterMs && escalateAfterMs >= expireAfterMs) {
    problems.push(
      `ESCALATE_AFTER (${setting("ESCALATE_AFTER")}) must be shorter than EXPIRE_AFTER (${setting("EXPIRE_AFTER")}), or the admins would never see a request before it expires.`,
    );
  }
  return {
    reminderAfterMs,
    escalateAfterMs,
    expireAfterMs,
    workingDays: workingDays ?? new Set(),
    timeZone,
    seatDurations,
    defaultSeatDuration,
    seatEndWarningMs,
  };
}

function githubAuth(value: (name: string) => string | undefined, problems: string[]): GitHubAuth | undefined {
  const token = value("GITHUB_TOKEN");
  const app = {
    GITHUB_APP_ID: value("GITHUB_APP_ID"),
    GITHUB_APP_PRIVATE_KEY: value("GITHUB_APP_PRIVATE_KEY"),
    GITHUB_APP_INSTALLATION_ID: value("GITHUB_APP_INSTALLATION_ID"),
  };
  const appSet = Object.entries(app).filter(([, v]) => v);
  if (appSet.length === 3) {
    // Private keys pasted into one-line env files arrive with literal "\n".
    const privateKey = (app.GITHUB_APP_PRIVATE_KEY ?? "").replace(/\\n/g, "\n");
    if (!privateKey.includes("PRIVATE KEY")) {
      problems.push("GITHUB_APP_PRIVATE_KEY must be the GitHub App's PEM private key (-----BEGIN … PRIVATE KEY-----).");
    }
    return {
      kind: "app",
      appId: app.GITHUB_APP_ID ?? "",
      privateKey,
      installationId: app.GITHUB_APP_INSTALLATION_ID ?? "",
    };
  }
  if (appSet.length > 0) {
    const missing = Object.entries(app)
      .filter(([, v]) => !v)
      .map(([k]) => k);
    problems.push(
      `GitHub App credentials are incomplete: also set ${missing.join(" and ")} (or use GITHUB_TOKEN instead).`,
    );
    return undefined;
  }
  if (token) return { kind: "token", token };
  problems.push(
    "No GitHub credentials: set GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_INSTALLATION_ID (recommended), or GITHUB_TOKEN.",
  );
  return undefined;
}
