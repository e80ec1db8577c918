import { describe, expect, it } from 'vitest';
import { ConclaveError } from '../../src/core/conclave-error.js';
import { createRetryBudget } from '../../src/resilience/retry-budget.js';
import { createTokenBucket } from '../../src/resilience/token-bucket.js';
import { createFairQueue } from '../../src/server/fair-queue.js';

describe('fair queue across API keys', () => {
  it('serves waiting keys round-robin, so one busy key cannot starve the others', async () => {
    const queue = createFairQueue({ maxConcurrency: 1, maxQueuedPerKey: 10 });
    const first = await queue.acquire('busy');
    const order: string[] = [];
    const waiters = [
      ...['busy-1', 'busy-2', 'busy-3'].map((name) =>
        queue.acquire('busy').then((release) => ({ name, release })),
      ),
      queue.acquire('quiet').then((release) => ({ name: 'quiet-1', release })),
    ];
    first();
    for (let served = 0; served < waiters.length; served += 1) {
      const next = await Promise.race(
        waiters.filter((_, index) => !order.includes(['busy-1', 'busy-2', 'busy-3', 'quiet-1'][index]!)),
      );
      order.push(next.name);
      next.release();
    }
    expect(order.indexOf('quiet-1')).toBeLessThanOrEqual(1);
  });

  it('a full per-key queue answers a 429-kind error with Retry-After, other keys still get in line', async () => {
    const queue = createFairQueue({ maxConcurrency: 1, maxQueuedPerKey: 1 });
    const running = await queue.acquire('a');
    const waiting = queue.acquire('a');
    const refused = await queue.acquire('a').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConclaveError);
    expect((refused as ConclaveError).kind).toBe('rate-limit');
    expect((refused as ConclaveError).retryAfterMs).toBeGreaterThan(0);
    const other = queue.acquire('b');
    running();
    (await waiting)();
    (await other)();
    expect(queue.stats()).toEqual({ running: 0, queued: 0 });
  });

  it('a queued request whose client went away leaves the queue', async () => {
    const queue = createFairQueue({ maxConcurrency: 1, maxQueuedPerKey: 5 });
    const running = await queue.acquire('a');
    const controller = new AbortController();
    const waiting = queue.acquire('a', controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ kind: 'cancelled' });
    running();
    expect(queue.stats().queued).toBe(0);
  });
});

describe('token buckets and the retry budget', () => {
  it('a bucket admits its capacity, then says how long to wait, and refills over time', () => {
    let now = 0;
    const bucket = createTokenBucket({ capacity: 2, perMinute: 60, now: () => now });
    expect(bucket.take()).toBe(0);
    expect(bucket.take()).toBe(0);
    expect(bucket.take()).toBe(1_000);
    now += 1_000;
    expect(bucket.take()).toBe(0);
  });

  it('retries per model are capped per sliding minute so a failing upstream is not hammered', () => {
    let now = 0;
    const budget = createRetryBudget({ maxRetriesPerMinute: 3, now: () => now });
    expect([
      budget.tryAcquire('m'),
      budget.tryAcquire('m'),
      budget.tryAcquire('m'),
      budget.tryAcquire('m'),
    ]).toEqual([true, true, true, false]);
    expect(budget.tryAcquire('other')).toBe(true);
    now += 60_001;
    expect(budget.tryAcquire('m')).toBe(true);
  });
});
