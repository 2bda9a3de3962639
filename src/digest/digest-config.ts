import { type Config, ConfigError, type Env, loadConfig } from "../config/config.js";
import { DEFAULT_SEAT_PRICES, type SeatPrices } from "./seat-figures.js";
import { METRICS_SOURCES, type MetricsSourceName } from "./usage.js";

export type MetricsSourceSetting = MetricsSourceName | "auto";

export interface DigestSettings {
  /** The channel the organization (and enterprise) digest goes to. */
  channel: string;
  metricsSource: MetricsSourceSetting;
  enterprise?: string;
  prices: SeatPrices;
  /** Team slug → channel ID. */
  teamChannels: ReadonlyMap<string, string>;
  /**
   * Report download links must be https; this one http origin (a local fake in tests) is allowed as well.
   * Never set in production.
   */
  reportDownloadTestOrigin?: string;
}

export interface DigestConfig extends Config {
  digest: DigestSettings;
}

// Public channels start with C, private ones with G (older) or C; D is a direct message.
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;
const TEAM_SLUG = /^[a-z0-9][a-z0-9_.-]*$/i;
const ENTERPRISE_SLUG = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

/**
 * The bot's configuration plus the digest's own settings. Every problem, the bot's and the digest's, is reported
 * in one `ConfigError`.
 */
export function loadDigestConfig(env: Env = process.env): DigestConfig {
  const problems: string[] = [];
  let base: Config | undefined;
  try {
    base = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  const value = (name: string) => {
    const raw = env[name]?.trim();
    return raw ? raw : undefined;
  };

  const channel = value("DIGEST_CHANNEL") ?? "";
  if (!channel) {
    problems.push(
      "DIGEST_CHANNEL is not set: open the channel in Slack → its name → About, copy the Channel ID (C…), and invite the bot to the channel.",
    );
  } else if (!CHANNEL_ID.test(channel)) {
    problems.push(
      `DIGEST_CHANNEL must be a Slack channel ID such as C012ABCDEF (channel name → About), got "${channel}".`,
    );
  }

  const sourceText = (value("METRICS_SOURCE") ?? "auto").toLowerCase();
  const sources: readonly string[] = [...METRICS_SOURCES, "auto"];
  if (!sources.includes(sourceText)) {
    problems.push(`METRICS_SOURCE must be one of ${sources.join(", ")}, got "${sourceText}".`);
  }

  const enterprise = value("GITHUB_ENTERPRISE");
  if (enterprise && !ENTERPRISE_SLUG.test(enterprise)) {
    problems.push(
      `GITHUB_ENTERPRISE must be the enterprise's slug (as in github.com/enterprises/<slug>), got "${enterprise}".`,
    );
  }

  // The seat prices are the bot's (reclaiming idle seats prices its plan with them too): read and checked once, by
  // `loadConfig`, whose problems are already in the list when they are wrong.
  const prices = base?.reclaim?.prices ?? DEFAULT_SEAT_PRICES;

  const teamChannels = new Map<string, string>();
  for (const pair of (value("DIGEST_TEAM_CHANNELS") ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [slug = "", teamChannel = "", ...rest] = pair.split("=").map((p) => p.trim());
    if (rest.length > 0 || !TEAM_SLUG.test(slug) || !CHANNEL_ID.test(teamChannel)) {
      problems.push(
        `DIGEST_TEAM_CHANNELS must list team-slug=channel-ID pairs separated by commas, such as backend=C0123ABCD,web=C0456EFGH; "${pair}" is not one.`,
      );
      continue;
    }
    if (teamChannels.has(slug.toLowerCase())) problems.push(`DIGEST_TEAM_CHANNELS names the team "${slug}" twice.`);
    teamChannels.set(slug.toLowerCase(), teamChannel);
  }

  const testOrigin = value("REPORT_DOWNLOAD_TEST_ORIGIN");
  let reportDownloadTestOrigin: string | undefined;
  if (testOrigin) {
    try {
      reportDownloadTestOrigin = new URL(testOrigin).origin;
    } catch {
      problems.push(
        `REPORT_DOWNLOAD_TEST_ORIGIN must be an origin such as http://127.0.0.1:4567, got "${testOrigin}".`,
      );
    }
  }

  if (problems.length > 0 || !base) throw new ConfigError(problems);
  return {
    ...base,
    digest: {
      channel,
      metricsSource: sourceText as MetricsSourceSetting,
      ...(enterprise ? { enterprise } : {}),
      prices,
      teamChannels,
      ...(reportDownloadTestOrigin ? { reportDownloadTestOrigin } : {}),
    },
  };
}
