export interface ModelHealth {
  successRate: number;
  latencyMs: number | undefined;
  ttftMs: number | undefined;
  samples: number;
  lastSuccessAt: number | undefined;
  lastFailureAt: number | undefined;
}

/** Exponentially weighted success rate and latency per model; the router reads it as live evidence. */
export function createHealthTracker({
  alpha = 0.2,
  now = Date.now,
}: {
  alpha?: number;
  now?: () => number;
} = {}) {
  const health = new Map<string, ModelHealth>();
  const get = (model: string): ModelHealth => {
    let entry = health.get(model);
    if (!entry) {
      entry = {
        successRate: 1,
        latencyMs: undefined,
        ttftMs: undefined,
        samples: 0,
        lastSuccessAt: undefined,
        lastFailureAt: undefined,
      };
      health.set(model, entry);
    }
    return entry;
  };
  const ewma = (previous: number | undefined, value: number) =>
    previous === undefined ? value : previous + alpha * (value - previous);
  return {
    get: (model: string): ModelHealth | undefined => health.get(model),
    recordSuccess(model: string, latencyMs: number, ttftMs?: number): void {
      const entry = get(model);
      entry.successRate = ewma(entry.samples === 0 ? undefined : entry.successRate, 1);
      entry.latencyMs = ewma(entry.latencyMs, latencyMs);
      if (ttftMs !== undefined) entry.ttftMs = ewma(entry.ttftMs, ttftMs);
      entry.samples += 1;
      entry.lastSuccessAt = now();
    },
    recordFailure(model: string): void {
      const entry = get(model);
      entry.successRate = ewma(entry.samples === 0 ? undefined : entry.successRate, 0);
      entry.samples += 1;
      entry.lastFailureAt = now();
    },
    snapshot: (): Record<string, ModelHealth> => Object.fromEntries(health),
  };
}

export type HealthTracker = ReturnType<typeof createHealthTracker>;
