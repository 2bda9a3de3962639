/**
 * Runs `work` over every item with at most `limit` running at once, and answers the results in the items' order:
 * enough to keep a page of writes or lookups within what the service and the function's time allow.
 *
 * When one item fails, no further item starts, and the failure is thrown once those already running have settled:
 * nothing is left running after this returns (on Lambda it would be frozen with the invocation and go on during some
 * later one, under that one's time limit).
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}

/**
 * `Promise.all` that answers, or throws the first failure in the list, only once every promise has settled: a failure
 * of one does not leave the others running after the caller has moved on (a listing of every seat, say, still
 * spending GitHub's rate limit after the subscription read beside it failed).
 */
export async function allSettledOrThrow<T extends readonly unknown[]>(
  promises: {
    readonly [K in keyof T]: Promise<T[K]>;
  },
): Promise<T> {
  const settled = await Promise.allSettled(promises as readonly Promise<unknown>[]);
  const failed = settled.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
