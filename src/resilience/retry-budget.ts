/**
 * Caps retries per model per sliding minute so a failing upstream is not hammered by every request's
 * individual retry loop. First attempts are never limited here; only re-sends are.
 */
export function createRetryBudget({
  maxRetriesPerMinute,
  now = Date.now,
}: {
  maxRetriesPerMinute: number;
  now?: () => number;
}) {
  const spent = new Map<string, number[]>();
  return {
    tryAcquire(key: string): boolean {
      const cutoff = now() - 60_000;
      const times = (spent.get(key) ?? []).filter((time) => time > cutoff);
      if (times.length >= maxRetriesPerMinute) {
        spent.set(key, times);
        return false;
      }
      times.push(now());
      spent.set(key, times);
      return true;
    },
  };
}

export type RetryBudget = ReturnType<typeof createRetryBudget>;
