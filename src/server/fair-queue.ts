import { ConclaveError } from '../core/conclave-error.js';

export interface FairQueueOptions {
  /** Requests executing at once across all keys. */
  maxConcurrency: number;
  /** Requests waiting per key; beyond it the key gets 429 while others still get through. */
  maxQueuedPerKey: number;
}

/**
 * Admission under overload: a global concurrency limit with one FIFO queue per API key, served round-robin,
 * so one busy key cannot starve the others. A full queue answers 429 with Retry-After.
 */
export function createFairQueue({ maxConcurrency, maxQueuedPerKey }: FairQueueOptions) {
  let running = 0;
  const queues = new Map<string, (() => void)[]>();
  const order: string[] = [];
  let cursor = 0;

  const dispatch = () => {
    while (running < maxConcurrency && order.length > 0) {
      cursor %= order.length;
      const key = order[cursor]!;
      const queue = queues.get(key)!;
      const next = queue.shift()!;
      if (queue.length === 0) {
        queues.delete(key);
        order.splice(cursor, 1);
      } else {
        cursor += 1;
      }
      running += 1;
      next();
    }
  };

  return {
    /** Resolves with a release function once the request may run. */
    acquire(key: string, signal?: AbortSignal): Promise<() => void> {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        running -= 1;
        dispatch();
      };
      if (running < maxConcurrency && order.length === 0) {
        running += 1;
        return Promise.resolve(release);
      }
      const queue = queues.get(key) ?? [];
      if (queue.length >= maxQueuedPerKey) {
        return Promise.reject(
          new ConclaveError(
            'rate-limit',
            `Too many requests queued for this key (${queue.length}); try again shortly.`,
            {
              retryAfterMs: 1_000,
            },
          ),
        );
      }
      return new Promise((resolve, reject) => {
        const start = () => resolve(release);
        queue.push(start);
        if (!queues.has(key)) {
          queues.set(key, queue);
          order.push(key);
        }
        signal?.addEventListener(
          'abort',
          () => {
            const index = queue.indexOf(start);
            if (index >= 0) {
              queue.splice(index, 1);
              if (queue.length === 0 && queues.get(key) === queue) {
                queues.delete(key);
                order.splice(order.indexOf(key), 1);
              }
              reject(new ConclaveError('cancelled', 'The client went away while the request was queued.'));
            }
          },
          { once: true },
        );
      });
    },
    stats: () => ({ running, queued: [...queues.values()].reduce((sum, queue) => sum + queue.length, 0) }),
  };
}

export type FairQueue = ReturnType<typeof createFairQueue>;
