import { LogLevel, type Logger as SlackLogger, WebClient } from "@slack/web-api";
import type { Log } from "../request/ports.js";

export interface SlackClientSettings {
  botToken: string;
  apiUrl: string;
  /** The longest one call may take (default 5 s). */
  timeoutMs?: number;
  /** Retries after a network error or a 5xx, each after a short pause (default 1). */
  retries?: number;
}

/**
 * Slack's logger interface on the bot's own log, so Bolt and the Web API client log as structured entries and never
 * print tokens (the client logs method names and errors, not request bodies).
 */
export function slackLogger(log: Log): SlackLogger {
  let level = LogLevel.WARN;
  let name = "slack";
  return {
    debug: () => {},
    info: () => {},
    warn: (...messages: unknown[]) => log.warn(`${name}: ${messages.map(String).join(" ")}`),
    error: (...messages: unknown[]) => log.error(`${name}: ${messages.map(String).join(" ")}`),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: (next: string) => {
      name = next;
    },
  };
}

/**
 * The one way the bot builds a Slack Web API client. The library's defaults (no timeout, ten retries over about half
 * an hour, sleeping through any `Retry-After`) would hold a Lambda until it times out; instead every call has a
 * deadline and a small retry budget, and a rate limit is thrown at once so the queue brings the job back later.
 */
export function createSlackClient(settings: SlackClientSettings, log: Log): WebClient {
  return new WebClient(settings.botToken, { slackApiUrl: settings.apiUrl, ...slackClientOptions(settings, log) });
}

/** The same limits for the client Bolt builds itself (`clientOptions`). */
export function slackClientOptions(settings: Omit<SlackClientSettings, "botToken" | "apiUrl">, log: Log) {
  return {
    timeout: settings.timeoutMs ?? 5000,
    retryConfig: { retries: settings.retries ?? 1, factor: 1, minTimeout: 200, maxTimeout: 200 },
    rejectRateLimitedCalls: true,
    logger: slackLogger(log),
    logLevel: LogLevel.WARN,
  };
}
