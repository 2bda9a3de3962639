import type { HttpHandler, HttpHandlerOptions, HttpRequest, HttpResponse } from "@smithy/core/protocols";
import type { NodeHttpHandlerOptions } from "@smithy/node-http-handler";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { awsClientSettings, WithinTimeLeftHttpHandler } from "../../src/aws/aws-client-settings.js";

/**
 * An HTTP handler on a virtual clock: each attempt takes as long as the service would take to answer it, or, when
 * that is longer than the attempt's `requestTimeout`, fails as a timeout when that runs out. `Infinity` never answers.
 */
class ServiceOnVirtualClock implements HttpHandler<NodeHttpHandlerOptions> {
  now = 0;
  readonly given: number[] = [];
  private next = 0;

  constructor(private readonly answerTimes: number[]) {}

  async handle(_request: HttpRequest, options: HttpHandlerOptions = {}): Promise<{ response: HttpResponse }> {
    const answerTime = this.answerTimes[this.next++] ?? 0;
    const timeout = options.requestTimeout ?? Number.POSITIVE_INFINITY;
    this.given.push(timeout);
    this.now += Math.min(answerTime, timeout);
    if (answerTime > timeout) throw Object.assign(new Error("timed out"), { name: "TimeoutError" });
    return { response: { statusCode: 200, headers: {} } as HttpResponse };
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): NodeHttpHandlerOptions {
    return { requestTimeout: 1000 };
  }
}

const REQUEST = {} as HttpRequest;

function withinTimeLeft(answerTimes: number[], budgetMs: number) {
  const service = new ServiceOnVirtualClock(answerTimes);
  const handler = new WithinTimeLeftHttpHandler(service, { remainingMs: () => budgetMs - service.now });
  return { service, handler };
}

async function attemptAll(handler: WithinTimeLeftHttpHandler, attempts: number): Promise<string[]> {
  const outcomes: string[] = [];
  for (let i = 0; i < attempts; i++) {
    outcomes.push(
      await handler.handle(REQUEST).then(
        () => "answered",
        (error: Error) => error.name,
      ),
    );
  }
  return outcomes;
}

const answerTime = fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.constant(Number.POSITIVE_INFINITY));

describe("AWS calls made while Slack waits", () => {
  it("are all over within the invocation's time, however many there are and however long each would take", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(answerTime, { maxLength: 16 }),
        fc.integer({ min: 0, max: 3000 }),
        async (times, budget) => {
          const { service, handler } = withinTimeLeft(times, budget);

          await attemptAll(handler, times.length);

          expect(service.now).toBeLessThanOrEqual(budget);
        },
      ),
    );
  });

  it("leave at least as much time after each attempt as it took, so the undo of a failed write still gets a turn", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(answerTime, { minLength: 1, maxLength: 16 }), async (times) => {
        const { service, handler } = withinTimeLeft(times, 2400);

        await attemptAll(handler, times.length);

        let left = 2400;
        service.given.forEach((timeout, i) => {
          const took = Math.min(timeout, times[i] ?? 0);
          left -= took;
          expect(left).toBeGreaterThanOrEqual(took);
        });
      }),
    );
  });

  it("keep their own second per attempt while plenty of time is left", async () => {
    const { service, handler } = withinTimeLeft([5, 5], 2400);

    expect(await attemptAll(handler, 2)).toEqual(["answered", "answered"]);
    expect(service.given).toEqual([1000, 1000]);
  });

  it("get half of what is left once that is less than two seconds, and time out there when the service hangs", async () => {
    const { service, handler } = withinTimeLeft([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 5], 1200);

    expect(await attemptAll(handler, 3)).toEqual(["TimeoutError", "TimeoutError", "answered"]);
    expect(service.given).toEqual([600, 300, 150]);
  });

  it("fail as a timeout without being sent when too little time is left to answer", async () => {
    const { service, handler } = withinTimeLeft([5], 15);

    expect(await attemptAll(handler, 1)).toEqual(["TimeoutError"]);
    expect(service.given).toEqual([]);
  });
});

describe("retries while Slack waits", () => {
  const retryStrategyWith = (remainingMs: number) => {
    const { retryStrategy } = awsClientSettings({ remainingMs: () => remainingMs });
    if (!retryStrategy) throw new Error("a client with time left retries by its own strategy");
    return retryStrategy;
  };

  it("do not wait for a server's hint to retry seconds later", async () => {
    const strategy = retryStrategyWith(2000);
    const token = await strategy.acquireInitialRetryToken("");
    const startedAt = performance.now();

    await strategy.refreshRetryTokenForRetry(token, {
      errorType: "THROTTLING",
      retryAfterHint: new Date(Date.now() + 5000),
    });

    expect(performance.now() - startedAt).toBeLessThan(1000);
  });

  it("are not made when no attempt could follow, so the call ends with the error of the attempt that failed", async () => {
    const strategy = retryStrategyWith(40);
    const token = await strategy.acquireInitialRetryToken("");

    await expect(strategy.refreshRetryTokenForRetry(token, { errorType: "TRANSIENT" })).rejects.toThrow(/No time left/);
  });

  it("are made once, soon, while there is time", async () => {
    const strategy = retryStrategyWith(2000);
    const token = await strategy.acquireInitialRetryToken("");

    const retry = await strategy.refreshRetryTokenForRetry(token, { errorType: "TRANSIENT" });

    expect(retry.getRetryCount()).toBe(1);
    await expect(strategy.refreshRetryTokenForRetry(retry, { errorType: "TRANSIENT" })).rejects.toThrow();
  });
});
