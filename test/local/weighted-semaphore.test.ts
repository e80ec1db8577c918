import { describe, expect, test } from 'vitest';
import { isConclaveError } from '../../src/core/conclave-error.js';
import { createWeightedSemaphore } from '../../src/local/weighted-semaphore.js';

describe('createWeightedSemaphore', () => {
  test('hands out weight until the capacity is reached, then queues first come first served', async () => {
    const semaphore = createWeightedSemaphore(10);
    await semaphore.acquire(6);
    const order: string[] = [];
    const large = semaphore.acquire(8).then(() => order.push('large'));
    const small = semaphore.acquire(1).then(() => order.push('small'));
    // The small request would fit now, but it must not overtake the large one queued before it.
    expect(semaphore.tryAcquire(1)).toBe(false);
    await Promise.resolve();
    expect(order).toEqual([]);
    expect(semaphore.pendingWeights).toEqual([8, 1]);
    semaphore.release(6);
    await Promise.all([large, small]);
    expect(order).toEqual(['large', 'small']);
    expect(semaphore.used).toBe(9);
  });

  test('an aborted waiter leaves the queue and lets the ones behind it proceed', async () => {
    const semaphore = createWeightedSemaphore(10);
    await semaphore.acquire(5);
    const controller = new AbortController();
    const blocked = semaphore.acquire(10, { signal: controller.signal });
    const behind = semaphore.acquire(5);
    controller.abort(new Error('gave up'));
    await expect(blocked).rejects.toThrow('gave up');
    await behind;
    expect(semaphore.used).toBe(10);
    expect(semaphore.pendingWeights).toEqual([]);
  });

  test('refuses weights larger than the whole capacity and over-releases', () => {
    const semaphore = createWeightedSemaphore(10);
    let caught: unknown;
    try {
      semaphore.tryAcquire(11);
    } catch (error) {
      caught = error;
    }
    expect(isConclaveError(caught, 'unavailable')).toBe(true);
    expect(() => semaphore.release(1)).toThrow(RangeError);
  });
});
