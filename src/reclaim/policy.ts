import { parseDuration } from "../config/duration.js";
import { DEFAULT_SEAT_PRICES, type SeatPrices } from "../digest/seat-figures.js";
import { isGitHubLogin, isTeamSlug } from "../identifiers.js";

export const RECLAIM_MODES = ["off", "report", "ask", "enforce"] as const;
/**
 * - `off`: no round runs, and a running one stops before its next step (the kill switch);
 * - `report`: admins get the list of idle seats, nothing else happens;
 * - `ask`: holders are asked whether they still need their seat; nothing is cancelled;
 * - `enforce`: holders are asked, and seats nobody kept by the deadline are cancelled.
 */
export type ReclaimMode = (typeof RECLAIM_MODES)[number];

export const RECLAIM_DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;
export type ReclaimDay = (typeof RECLAIM_DAYS)[number];

/** When the round starts on its day, in `TIME_ZONE`: inside working hours, so the questions arrive when people read. */
export const ROUND_START_HOUR = 9;

/** How long one delivery may hold the right to message a holder or cancel or release their seat. */
export const HOLDER_LEASE_SECONDS = 90;

export interface ReclaimPolicy {
  mode: ReclaimMode;
  /** A seat unused this long (by the later of its last activity and last sign-in) is idle. */
  idleAfterMs: number;
  /** Lower-case logins never reclaimed. */
  exemptLogins: ReadonlySet<string>;
  /** Lower-case team slugs whose members (and whose team seats) are never reclaimed. */
  exemptTeams: ReadonlySet<string>;
  /** Between asking and cancelling. */
  graceMs: number;
  /** How long Keep my seat keeps a holder out of later rounds. */
  snoozeMs: number;
  /** The weekday the scheduled round starts, in `timeZone`; `NONE`: rounds start only from `/copilot reclaim start`. */
  day: ReclaimDay | "NONE";
  timeZone: string;
  prices: SeatPrices;
}

/** The defaults the README's configuration table lists. */
export const RECLAIM_DEFAULTS = {
  RECLAIM_MODE: "report",
  RECLAIM_IDLE_AFTER: "60d",
  RECLAIM_EXEMPT: "",
  RECLAIM_GRACE: "7d",
  RECLAIM_SNOOZE: "90d",
  RECLAIM_DAY: "MON",
} as const;

export const DEFAULT_RECLAIM_POLICY: ReclaimPolicy = {
  mode: "report",
  idleAfterMs: 60 * 86_400_000,
  exemptLogins: new Set(),
  exemptTeams: new Set(),
  graceMs: 7 * 86_400_000,
  snoozeMs: 90 * 86_400_000,
  day: "MON",
  timeZone: "UTC",
  prices: DEFAULT_SEAT_PRICES,
};

/** The prefix that marks a team in `RECLAIM_EXEMPT`; everything else there is a GitHub login. */
export const EXEMPT_TEAM_PREFIX = "team:";

/**
 * Reads the reclaim settings, adding each problem (with its fix) to `problems` so `loadConfig` reports them all at
 * once. `timeZone` is the already checked `TIME_ZONE`.
 */
export function readReclaimPolicy(
  value: (name: string) => string | undefined,
  timeZone: string,
  problems: string[],
): ReclaimPolicy {
  const setting = (name: keyof typeof RECLAIM_DEFAULTS) => value(name) ?? RECLAIM_DEFAULTS[name];
  const duration = (name: keyof typeof RECLAIM_DEFAULTS, fallback: number) => {
    try {
      return parseDuration(setting(name));
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
      return fallback;
    }
  };

  const modeText = setting("RECLAIM_MODE").toLowerCase();
  const mode = (RECLAIM_MODES as readonly string[]).includes(modeText) ? (modeText as ReclaimMode) : undefined;
  if (!mode) {
    problems.push(
      `RECLAIM_MODE must be one of ${RECLAIM_MODES.join(", ")} (report lists idle seats for admins, ask asks their holders, enforce also cancels seats nobody kept), got "${setting("RECLAIM_MODE")}".`,
    );
  }

  const exemptLogins = new Set<string>();
  const exemptTeams = new Set<string>();
  for (const entry of setting("RECLAIM_EXEMPT")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean)) {
    if (entry.toLowerCase().startsWith(EXEMPT_TEAM_PREFIX)) {
      const slug = entry.slice(EXEMPT_TEAM_PREFIX.length);
      if (isTeamSlug(slug)) exemptTeams.add(slug.toLowerCase());
      else
        problems.push(`RECLAIM_EXEMPT: "${entry}" is not a team; write team:<slug> with the slug from the team's URL.`);
    } else if (isGitHubLogin(entry)) {
      exemptLogins.add(entry.toLowerCase());
    } else {
      problems.push(
        `RECLAIM_EXEMPT must list GitHub logins and teams (team:<slug>) separated by commas, such as octocat,team:leadership; "${entry}" is neither.`,
      );
    }
  }

  const dayText = setting("RECLAIM_DAY").toUpperCase();
  const day = ([...RECLAIM_DAYS, "NONE"] as readonly string[]).includes(dayText)
    ? (dayText as ReclaimDay | "NONE")
    : undefined;
  if (!day) {
    problems.push(
      `RECLAIM_DAY must be a day of the week, one of ${RECLAIM_DAYS.join(", ")}, or NONE for rounds started only with /copilot reclaim start, got "${setting("RECLAIM_DAY")}".`,
    );
  }

  const price = (name: string, fallback: number) => {
    const text = value(name);
    if (text === undefined) return fallback;
    const parsed = Number(text);
    if (!Number.isFinite(parsed) || parsed < 0) {
      problems.push(`${name} must be a price in dollars per seat and month, such as 19 or 19.50, got "${text}".`);
      return fallback;
    }
    return parsed;
  };

  const idleAfterMs = duration("RECLAIM_IDLE_AFTER", DEFAULT_RECLAIM_POLICY.idleAfterMs);
  const graceMs = duration("RECLAIM_GRACE", DEFAULT_RECLAIM_POLICY.graceMs);
  const snoozeMs = duration("RECLAIM_SNOOZE", DEFAULT_RECLAIM_POLICY.snoozeMs);
  return {
    mode: mode ?? DEFAULT_RECLAIM_POLICY.mode,
    idleAfterMs,
    exemptLogins,
    exemptTeams,
    graceMs,
    snoozeMs,
    day: day ?? DEFAULT_RECLAIM_POLICY.day,
    timeZone,
    prices: {
      business: price("COPILOT_SEAT_PRICE_BUSINESS", DEFAULT_SEAT_PRICES.business),
      enterprise: price("COPILOT_SEAT_PRICE_ENTERPRISE", DEFAULT_SEAT_PRICES.enterprise),
    },
  };
}

/** Whether a mode sends questions to holders. */
export function asksHolders(mode: ReclaimMode): boolean {
  return mode === "ask" || mode === "enforce";
}
