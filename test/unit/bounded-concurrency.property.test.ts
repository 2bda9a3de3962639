import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allSettledOrThrow, mapWithConcurrency } from "../../src/bounded-concurrency.js";

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("mapWithConcurrency", () => {
  it("answers every item's result in the items' order, never running more than the limit at once", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 6 }),
        async (delays, limit) => {
          let running = 0;
          let most = 0;
          const results = await mapWithConcurrency(delays, limit, async (ticks) => {
            running += 1;
            most = Math.max(most, running);
            for (let i = 0; i < ticks; i++) await tick();
            running -= 1;
            return ticks * 10;
          });

          expect(results).toEqual(delays.map((ticks) => ticks * 10));
          expect(most).toBeLessThanOrEqual(limit);
        },
      ),
    );
  });

  it("starts no new item once it has seen a failure, and leaves nothing running once it throws it", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 6 }),
        fc.nat(),
        async (delays, limit, pick) => {
          const failing = pick % delays.length;
          let running = 0;
          // Items started after the failing one threw: only a worker that was already resuming can start one, before
          // the rejection reaches it (one per other worker at most).
          let startedAfterFailure = 0;
          let failed = false;
          const failure = new Error(`item ${failing} failed`);

          const settled = mapWithConcurrency(
            delays.map((ticks, index) => ({ ticks, index })),
            limit,
            async ({ ticks, index }) => {
              if (failed) startedAfterFailure += 1;
              running += 1;
              try {
                for (let i = 0; i < ticks; i++) await tick();
                if (index === failing) {
                  failed = true;
                  throw failure;
                }
              } finally {
                running -= 1;
              }
            },
          );

          await expect(settled).rejects.toBe(failure);
          expect(running).toBe(0);
          expect(startedAfterFailure).toBeLessThanOrEqual(limit - 1);
        },
      ),
    );
  });
});

describe("allSettledOrThrow", () => {
  it("answers every value in order, or throws the first listed failure only once every promise has settled", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ ticks: fc.integer({ min: 0, max: 3 }), fails: fc.boolean() }), { maxLength: 8 }),
        async (plans) => {
          let running = 0;
          const failures = new Map<number, Error>();
          const promises = plans.map(async ({ ticks, fails }, index) => {
            running += 1;
            try {
              for (let i = 0; i < ticks; i++) await tick();
              if (fails) {
                const failure = new Error(`promise ${index} failed`);
                failures.set(index, failure);
                throw failure;
              }
              return index;
            } finally {
              running -= 1;
            }
          });

          const outcome = await allSettledOrThrow(promises).then(
            (values) => ({ values }),
            (error: unknown) => ({ error }),
          );

          expect(running).toBe(0);
          const firstListed = Math.min(...failures.keys());
          if (failures.size === 0) expect(outcome).toEqual({ values: plans.map((_, index) => index) });
          else expect(outcome).toEqual({ error: failures.get(firstListed) });
        },
      ),
    );
  });
});
