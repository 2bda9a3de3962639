import type { HttpHandler, HttpHandlerOptions, HttpRequest, HttpResponse } from "@smithy/core/protocols";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { NodeHttpHandler, type NodeHttpHandlerOptions } from "@smithy/node-http-handler";

/**
 * Every AWS call (DynamoDB, SQS, Secrets Manager) has a deadline: a single-item request that takes more than a second
 * is a stuck connection. (The SDK's default has none.)
 */
const REQUEST_TIMEOUT_MS = 1000;
const CONNECTION_TIMEOUT_MS = 500;
const MAX_ATTEMPTS = 2;

/** Below this, an attempt could not finish even against a healthy service: it is given up without being sent. */
const SHORTEST_ATTEMPT_MS = 10;

/** While someone waits, a failed attempt is tried again at once rather than after the SDK's backoff (up to 1 s). */
const RETRY_DELAY_WHILE_WAITED_ON_MS = 20;

/** How much time is left for the calls of the invocation under way: the answer must not come later than that. */
export interface TimeLeft {
  remainingMs(): number;
}

/** The settings an AWS SDK client is built with: timeouts, and retries. */
export interface AwsClientSettings {
  maxAttempts: number;
  requestHandler: HttpHandler<NodeHttpHandlerOptions> | NodeHttpHandlerOptions;
  retryStrategy?: ConfiguredRetryStrategy;
}

/**
 * Settings for a client whose calls have a second per attempt and two attempts. With `timeLeft` (the Slack-facing
 * function's clients, on which Slack waits for at most 3 seconds), its calls also share the invocation's time: see
 * `WithinTimeLeftHttpHandler`.
 */
export function awsClientSettings(timeLeft?: TimeLeft): AwsClientSettings {
  const timeouts: NodeHttpHandlerOptions = {
    requestTimeout: REQUEST_TIMEOUT_MS,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    // Newer SDKs only warn when a request runs past `requestTimeout` unless told to fail it.
    throwOnRequestTimeout: true,
  };
  if (!timeLeft) return { maxAttempts: MAX_ATTEMPTS, requestHandler: timeouts };
  return {
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: new WithinTimeLeftHttpHandler(new NodeHttpHandler(timeouts), timeLeft),
    retryStrategy: new RetryWithinTimeLeft(timeLeft),
  };
}

/** The share of the time left that `WithinTimeLeftHttpHandler` gives the next attempt. */
function attemptShare(timeLeft: TimeLeft): number {
  return Math.floor(timeLeft.remainingMs() / 2);
}

/**
 * Retries once, after a short fixed delay, and only while the retry can still get an attempt: otherwise the error of
 * the attempt that failed is the call's, rather than a refusal that would hide it. A server's hint to retry later
 * (`Retry-After`) is not waited for: the SDK would sleep up to 5 s on it, past what Slack waits; the call fails
 * instead, and what follows it decides.
 */
class RetryWithinTimeLeft extends ConfiguredRetryStrategy {
  constructor(private readonly timeLeft: TimeLeft) {
    super(MAX_ATTEMPTS, RETRY_DELAY_WHILE_WAITED_ON_MS);
  }

  override async refreshRetryTokenForRetry(
    token: Parameters<ConfiguredRetryStrategy["refreshRetryTokenForRetry"]>[0],
    errorInfo: Parameters<ConfiguredRetryStrategy["refreshRetryTokenForRetry"]>[1],
  ): ReturnType<ConfiguredRetryStrategy["refreshRetryTokenForRetry"]> {
    if (attemptShare(this.timeLeft) - RETRY_DELAY_WHILE_WAITED_ON_MS < SHORTEST_ATTEMPT_MS) {
      throw new Error("No time left to retry within the invocation's time.");
    }
    const { retryAfterHint: _waitedForByNoOne, ...withoutHint } = errorInfo;
    return super.refreshRetryTokenForRetry(token, withoutHint);
  }
}

/**
 * Gives each attempt at most half of the time left, so that the calls of one invocation, however many there are and
 * however they fail, are all over before its time is: each call leaves time for the ones after it, such as the undo
 * of a write whose partner failed. A call that finds too little time left fails at once, as a timeout, unsent.
 */
export class WithinTimeLeftHttpHandler implements HttpHandler<NodeHttpHandlerOptions> {
  readonly metadata: HttpHandler<NodeHttpHandlerOptions>["metadata"];

  constructor(
    private readonly inner: HttpHandler<NodeHttpHandlerOptions>,
    private readonly timeLeft: TimeLeft,
  ) {
    this.metadata = inner.metadata;
  }

  handle(request: HttpRequest, options: HttpHandlerOptions = {}): Promise<{ response: HttpResponse }> {
    const share = attemptShare(this.timeLeft);
    if (share < SHORTEST_ATTEMPT_MS) return Promise.reject(new OutOfTimeError(share));
    const requestTimeout = Math.min(options.requestTimeout ?? REQUEST_TIMEOUT_MS, share);
    return this.inner.handle(request, { ...options, requestTimeout });
  }

  updateHttpClientConfig(key: keyof NodeHttpHandlerOptions, value: NodeHttpHandlerOptions[typeof key]): void {
    this.inner.updateHttpClientConfig(key, value);
  }

  httpHandlerConfigs(): NodeHttpHandlerOptions {
    return this.inner.httpHandlerConfigs();
  }

  destroy(): void {
    this.inner.destroy?.();
  }
}

/** Named as the SDK names its own timeouts: to the caller it is one, of a request that never took effect. */
class OutOfTimeError extends Error {
  readonly code = "ETIMEDOUT";

  constructor(shareMs: number) {
    super(`Not sent: ${Math.max(0, shareMs)} ms of the invocation's time would be left for it.`);
    this.name = "TimeoutError";
  }
}
