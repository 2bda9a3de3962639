import { createAppAuth } from "@octokit/auth-app";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import Bottleneck from "bottleneck/light.js";

export type GitHubAuth =
  | { kind: "token"; token: string }
  | { kind: "app"; appId: string; privateKey: string; installationId: string };

export interface GitHubSettings {
  apiUrl: string;
  auth: GitHubAuth;
  /**
   * The unit of every wait: retries after 5xx/429, rate-limit waits, and the pause GitHub asks for between two
   * content-creating requests. Defaults to one second; tests make it tiny so they stay fast.
   */
  retryBaseMs?: number;
  /** Waits longer than this (seconds) are left to the queue's own redelivery instead of holding the worker. */
  maxInlineWaitSeconds?: number;
  /** The longest one request may take before it is abandoned (default 10 s). */
  requestTimeoutMs?: number;
  /**
   * Milliseconds left for GitHub calls in the current invocation (the Lambda's remaining time less what the caller
   * keeps for recording the outcome). A call never outlives it; with nothing left, it fails at once.
   */
  remainingMs?: () => number;
}

/** The REST API version every call asks for, so a change of GitHub's default never changes the bot's answers. */
export const GITHUB_API_VERSION = "2022-11-28";

/** A GitHub call that ran out of time: retryable, like a 5xx, but never retried inside the same invocation. */
export class GitHubTimeoutError extends Error {
  constructor(
    readonly afterMs: number,
    options?: { cause?: unknown },
  ) {
    super(`GitHub did not answer within ${Math.round(afterMs / 100) / 10} s`, options);
    // @octokit/request passes an `AbortError` through untouched and @octokit/plugin-retry does not retry it, so the
    // invocation's time budget is never spent again on the same call.
    this.name = "AbortError";
  }
}

/** `fetch` with a deadline on every request: the smaller of the per-request timeout and the invocation's time left. */
function fetchWithDeadline(timeoutMs: number, remainingMs: () => number): typeof fetch {
  return async (input, init) => {
    const budget = Math.min(timeoutMs, remainingMs());
    if (budget <= 0) throw new GitHubTimeoutError(0);
    const signal = AbortSignal.timeout(budget);
    try {
      return await fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
    } catch (error) {
      if (signal.aborted) throw new GitHubTimeoutError(budget, { cause: error });
      throw error;
    }
  };
}

const SeatBotOctokit = Octokit.plugin(throttling, retry);
export type GitHubClient = InstanceType<typeof SeatBotOctokit>;

/**
 * The one place an Octokit is built: retries for 5xx, waits on primary and secondary rate limits (403 or 429) when
 * the wait GitHub asks for is short, and the chosen credentials. The token only ever goes to `apiUrl`.
 */
export function createGitHubClient(
  settings: GitHubSettings,
  log: Pick<Console, "warn"> = console,
  counters?: { count(name: string, dimensions?: Record<string, string>): void },
): GitHubClient {
  // Both plugins multiply their waits (in seconds) by this many milliseconds.
  const base = settings.retryBaseMs ?? 1000;
  const maxWait = settings.maxInlineWaitSeconds ?? 5;
  const onLimit =
    (kind: string) =>
    (retryAfter: number, options: { method?: string; url?: string }, _o: unknown, retryCount: number) => {
      const retrying = retryCount < 2 && retryAfter <= maxWait;
      log.warn(
        `GitHub ${kind} rate limit on ${options.method} ${options.url}; ${retrying ? `retrying in ${retryAfter}s` : "giving up for now"}`,
      );
      return retrying;
    };
  const octokit = new SeatBotOctokit({
    baseUrl: settings.apiUrl.replace(/\/+$/, ""),
    userAgent: "copilot-seat-bot",
    headers: { "x-github-api-version": GITHUB_API_VERSION },
    request: {
      fetch: fetchWithDeadline(
        settings.requestTimeoutMs ?? 10_000,
        settings.remainingMs ?? (() => Number.POSITIVE_INFINITY),
      ),
    },
    ...(settings.auth.kind === "token"
      ? { auth: settings.auth.token }
      : {
          authStrategy: createAppAuth,
          auth: {
            appId: settings.auth.appId,
            privateKey: settings.auth.privateKey,
            installationId: settings.auth.installationId,
          },
        }),
    // 429 is left to the throttling plugin, which waits as long as GitHub asks (or gives the job back to the queue);
    // the retry plugin would try again after 1, 4 and 9 s whatever Retry-After said.
    retry: { retryAfterBaseValue: base, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    throttle: {
      retryAfterBaseValue: base,
      // GitHub's secondary limits favour one write at a time, a second apart; the plugin's own default, in our unit.
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: base }),
      onRateLimit: onLimit("primary"),
      onSecondaryRateLimit: onLimit("secondary"),
    },
    // Failed requests are explained and logged by the caller (a 404 is often an answer, not a failure).
    log: { debug: () => {}, info: () => {}, warn: log.warn.bind(log), error: () => {} },
  });
  // Octokit's constructor takes no default headers (its `headers` option above is ignored), so the pinned version is
  // set on every request here.
  octokit.hook.before("request", (options) => {
    options.headers["x-github-api-version"] = GITHUB_API_VERSION;
  });
  // Operators watch GitHub's failures by status; a 404 is an answer ("no seat"), not a failure.
  octokit.hook.error("request", (error) => {
    const status = (error as { status?: number }).status;
    if (status !== 404) counters?.count("GitHubCallFailures", { status: String(status ?? "timeout") });
    throw error;
  });
  return octokit;
}
