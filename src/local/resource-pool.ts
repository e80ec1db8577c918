import { createWeightedSemaphore } from './weighted-semaphore.js';

export interface PooledResource<Resource> {
  readonly resource: Resource;
  /** Returns the resource to the pool. Idempotent. */
  release(): void;
}

export interface ResourcePool<Resource> {
  readonly size: number;
  readonly idle: number;
  acquire(options?: { signal?: AbortSignal }): Promise<PooledResource<Resource>>;
}

/** A fixed set of interchangeable resources (context sequences) handed out one caller at a time, FIFO. */
export function createResourcePool<Resource>(resources: readonly Resource[]): ResourcePool<Resource> {
  if (resources.length === 0) throw new RangeError('A resource pool needs at least one resource');
  const free = [...resources];
  const permits = createWeightedSemaphore(resources.length);

  return {
    size: resources.length,
    get idle() {
      return free.length;
    },
    async acquire({ signal } = {}) {
      await permits.acquire(1, signal === undefined ? {} : { signal });
      const resource = free.pop()!;
      let released = false;
      return {
        resource,
        release: () => {
          if (released) return;
          released = true;
          free.push(resource);
          permits.release(1);
        },
      };
    },
  };
}
