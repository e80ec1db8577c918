import { ConclaveError } from '../core/conclave-error.js';

export interface WeightedSemaphore {
  readonly capacity: number;
  readonly used: number;
  readonly available: number;
  /** Weight requested by callers still waiting, in arrival order. */
  readonly pendingWeights: readonly number[];
  /** Takes `weight` units now if they are free (and nobody is queued ahead), otherwise returns false. */
  tryAcquire(weight: number): boolean;
  /** Waits (first come, first served) until `weight` units are free, then takes them. */
  acquire(weight: number, options?: { signal?: AbortSignal }): Promise<void>;
  release(weight: number): void;
}

interface Waiter {
  weight: number;
  resolve: () => void;
}

/**
 * A counting semaphore whose permits have sizes (bytes of memory, here). FIFO on purpose: a large request
 * is never starved by a stream of small ones slipping past it.
 */
export function createWeightedSemaphore(capacity: number): WeightedSemaphore {
  if (!(capacity > 0)) throw new RangeError(`Semaphore capacity must be positive, got ${capacity}`);
  let used = 0;
  const waiters: Waiter[] = [];

  const checkWeight = (weight: number) => {
    if (!(weight >= 0) || !Number.isFinite(weight))
      throw new RangeError(`Invalid semaphore weight ${weight}`);
    if (weight > capacity) {
      throw new ConclaveError(
        'unavailable',
        `Requested ${weight} units but the whole capacity is ${capacity}`,
      );
    }
  };

  const drain = () => {
    while (waiters.length > 0) {
      const head = waiters[0]!;
      if (used + head.weight > capacity) return;
      waiters.shift();
      used += head.weight;
      head.resolve();
    }
  };

  return {
    capacity,
    get used() {
      return used;
    },
    get available() {
      return capacity - used;
    },
    get pendingWeights() {
      return waiters.map((waiter) => waiter.weight);
    },
    tryAcquire(weight) {
      checkWeight(weight);
      if (waiters.length > 0 || used + weight > capacity) return false;
      used += weight;
      return true;
    },
    acquire(weight, { signal } = {}) {
      checkWeight(weight);
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (waiters.length === 0 && used + weight <= capacity) {
        used += weight;
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          const index = waiters.indexOf(waiter);
          if (index >= 0) waiters.splice(index, 1);
          reject(signal?.reason);
          // Removing a large head waiter may let smaller ones behind it proceed.
          drain();
        };
        const waiter: Waiter = {
          weight,
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        waiters.push(waiter);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    release(weight) {
      if (weight > used) throw new RangeError(`Released ${weight} units but only ${used} are held`);
      used -= weight;
      drain();
    },
  };
}
