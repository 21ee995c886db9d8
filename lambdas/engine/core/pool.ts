/** What became of one item given to {@link runPool}. */
export type PoolOutcome<T, R> =
  | { readonly item: T; readonly status: "fulfilled"; readonly value: R }
  | { readonly item: T; readonly status: "rejected"; readonly reason: unknown }
  /** Never started: `mayStart` said no (e.g. the deadline is too near). */
  | { readonly item: T; readonly status: "skipped" };

/**
 * Runs `worker` over `items` in order, at most `concurrency` at a time, and
 * starts each item only while `mayStart()` holds; once it says no, the rest
 * are skipped (the ones running finish). Never rejects: each item's outcome
 * is returned in the order of `items`, so one failure cannot stop the
 * others. (p-limit does the concurrency half; the deadline-aware start and
 * the per-item outcome are the reason for these few lines instead.)
 */
export async function runPool<T, R>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T) => Promise<R>,
  mayStart: () => boolean = () => true,
): Promise<PoolOutcome<T, R>[]> {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(
      `concurrency must be a whole number of at least 1 (received ${concurrency})`,
    );
  }
  const outcomes: PoolOutcome<T, R>[] = new Array<PoolOutcome<T, R>>(items.length);
  let next = 0;
  let stopped = false;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      const item = items[index] as T;
      if (stopped || !mayStart()) {
        stopped = true;
        outcomes[index] = { item, status: "skipped" };
        continue;
      }
      try {
        outcomes[index] = { item, status: "fulfilled", value: await worker(item) };
      } catch (reason) {
        outcomes[index] = { item, status: "rejected", reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return outcomes;
}
