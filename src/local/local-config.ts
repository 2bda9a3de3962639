import { type Config, ConfigError, type Env, loadConfig } from "../config/config.js";
import { parseDuration } from "../config/duration.js";
import { type DigestConfig, loadDigestConfig } from "../digest/digest-config.js";
import type { WeeklyTime } from "./scheduled-jobs.js";

export const DEFAULT_SWEEP_EVERY = "15m";

export interface LocalConfig {
  /** The bot's configuration; the digest's as well when DIGEST_CHANNEL is set. */
  config: Config;
  /** Present when DIGEST_CHANNEL is set: `npm start` then posts the weekly digest on its schedule. */
  digest?: { config: DigestConfig; schedule: WeeklyTime };
  sweep: { everyMs: number; every: string };
}

/**
 * Everything `npm start` reads: the bot's configuration, the digest's when DIGEST_CHANNEL is set, and the
 * schedule of the in-process jobs. Every problem from all three is reported in one `ConfigError`.
 *
 * The digest runs Mondays at 09:00 in TIME_ZONE (default UTC), the deployed stack's default schedule.
 */
export function loadLocalConfig(env: Env = process.env): LocalConfig {
  const problems: string[] = [];
  const value = (name: string) => env[name]?.trim() || undefined;
  let config: Config | DigestConfig | undefined;
  try {
    // The digest's configuration includes the bot's, and reports the bot's problems too.
    config = value("DIGEST_CHANNEL") ? loadDigestConfig(env) : loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }

  const every = value("SWEEP_EVERY") ?? DEFAULT_SWEEP_EVERY;
  let everyMs = 0;
  try {
    everyMs = parseDuration(every);
  } catch (error) {
    problems.push(`SWEEP_EVERY: ${(error as Error).message}`);
  }

  const timeZone = value("TIME_ZONE") ?? "UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    problems.push(
      `TIME_ZONE must be an IANA time zone name such as Europe/Berlin or America/New_York, got "${timeZone}".`,
    );
  }

  // TIME_ZONE is checked by the bot's configuration as well: say it once.
  if (problems.length > 0 || !config) throw new ConfigError([...new Set(problems)]);
  return {
    config,
    ...("digest" in config ? { digest: { config, schedule: { weekDay: "MON", hour: 9, timeZone } } } : {}),
    sweep: { everyMs, every },
  };
}
