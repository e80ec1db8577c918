import { stat } from 'node:fs/promises';
import { ConclaveError } from '../core/conclave-error.js';
import { raceAbort } from './race-abort.js';
import { createWeightedSemaphore } from './weighted-semaphore.js';

export interface ModelMemoryManagerOptions<Model> {
  /** RAM/VRAM bytes all loaded models may use together; a model larger than this can never load. */
  budgetBytes: number;
  /** Idle models are unloaded (least recently used first) when a load would push usage above this share. */
  pressureThreshold?: number;
  load: (key: string, options: { signal: AbortSignal }) => Promise<Model>;
  unload: (model: Model, key: string) => Promise<void> | void;
  /** Defaults to the size of the file at `key`: weights dominate a GGUF model's memory. */
  estimateBytes?: (key: string) => Promise<number>;
}

export interface ModelLease<Model> {
  readonly key: string;
  readonly model: Model;
  /** Marks this use as finished; the model stays loaded (and evictable) until memory is needed. Idempotent. */
  release(): void;
}

export interface LoadedModelInfo {
  key: string;
  sizeBytes: number;
  state: 'loading' | 'ready' | 'unloading';
  inUse: number;
  lastUsedAt: Date;
}

export interface ModelMemoryManager<Model> {
  readonly budgetBytes: number;
  readonly usedBytes: number;
  acquire(key: string, options?: { sizeBytes?: number; signal?: AbortSignal }): Promise<ModelLease<Model>>;
  loaded(): LoadedModelInfo[];
  /** Unloads everything; models still in use are unloaded as soon as their last lease is released. */
  close(): Promise<void>;
}

interface Entry<Model> {
  key: string;
  state: 'loading' | 'ready' | 'unloading';
  sizeBytes: number;
  users: number;
  recency: number;
  lastUsedAt: Date;
  ready: Promise<Model>;
  unloaded?: Promise<void>;
  loadController: AbortController;
}

const MEBIBYTE = 1024 * 1024;
const formatBytes = (bytes: number) => `${(bytes / MEBIBYTE).toFixed(1)} MiB`;

/**
 * Keeps as many models loaded as fit a memory budget. Loads happen on demand and at most once per model
 * (concurrent requests join the load in flight); a model in use is never unloaded; under pressure the
 * least recently used idle models go first; when everything loaded is busy, a new load waits its turn.
 */
export function createModelMemoryManager<Model>({
  budgetBytes,
  pressureThreshold = 0.9,
  load,
  unload,
  estimateBytes = async (key) => (await stat(key)).size,
}: ModelMemoryManagerOptions<Model>): ModelMemoryManager<Model> {
  if (!(pressureThreshold > 0 && pressureThreshold <= 1)) {
    throw new RangeError(`pressureThreshold must be in (0, 1], got ${pressureThreshold}`);
  }
  const memory = createWeightedSemaphore(budgetBytes);
  const entries = new Map<string, Entry<Model>>();
  let recencyCounter = 0;
  let closed = false;

  const forget = (entry: Entry<Model>) => {
    if (entries.get(entry.key) === entry) entries.delete(entry.key);
  };

  const touch = (entry: Entry<Model>) => {
    entry.recency = ++recencyCounter;
    entry.lastUsedAt = new Date();
  };

  const startUnload = (entry: Entry<Model>) => {
    entry.state = 'unloading';
    entry.unloaded = (async () => {
      try {
        await unload(await entry.ready, entry.key);
      } finally {
        forget(entry);
        memory.release(entry.sizeBytes);
      }
    })();
    // Unload failures leave nothing to retry; the memory is accounted as free either way.
    entry.unloaded.catch(() => {});
  };

  /** Starts unloading idle models, oldest use first, until `requiredBytes` more fit under `limitBytes`. */
  const evictFor = (requiredBytes: number, limitBytes: number) => {
    const all = [...entries.values()];
    let projected =
      memory.used -
      all.filter((entry) => entry.state === 'unloading').reduce((sum, entry) => sum + entry.sizeBytes, 0);
    const idle = all
      .filter((entry) => entry.state === 'ready' && entry.users === 0)
      .sort((left, right) => left.recency - right.recency);
    for (const entry of idle) {
      if (projected + requiredBytes <= limitBytes) break;
      startUnload(entry);
      projected -= entry.sizeBytes;
    }
  };

  const reserve = async (sizeBytes: number, signal: AbortSignal) => {
    evictFor(sizeBytes, pressureThreshold * budgetBytes);
    if (memory.tryAcquire(sizeBytes)) return;
    // Wait for the unloads just started, or for a busy model to become idle (see `releaseUse`).
    await memory.acquire(sizeBytes, { signal });
  };

  const releaseUse = (entry: Entry<Model>) => {
    entry.users -= 1;
    touch(entry);
    if (entry.users > 0 || entry.state !== 'ready') return;
    if (closed) return startUnload(entry);
    const [waitingBytes] = memory.pendingWeights;
    if (waitingBytes !== undefined) evictFor(waitingBytes, budgetBytes);
  };

  /** Reserves memory for the entry (evicting if needed), then loads it; the entry is created before this runs. */
  const loadInto = async (entry: Entry<Model>, sizeHint: number | undefined): Promise<Model> => {
    const sizeBytes = Math.ceil(sizeHint ?? (await estimateBytes(entry.key)));
    if (sizeBytes > budgetBytes) {
      throw new ConclaveError(
        'unavailable',
        `Model ${entry.key} needs about ${formatBytes(sizeBytes)} but the local memory budget is ${formatBytes(budgetBytes)}.`,
        {
          hint: 'Raise the local memory budget or use a smaller (more quantized) model file.',
          model: entry.key,
          retryable: false,
        },
      );
    }
    await reserve(sizeBytes, entry.loadController.signal);
    entry.sizeBytes = sizeBytes;
    try {
      const model = await load(entry.key, { signal: entry.loadController.signal });
      entry.state = 'ready';
      return model;
    } catch (error) {
      memory.release(sizeBytes);
      throw error;
    }
  };

  const startLoad = (key: string, sizeHint: number | undefined): Entry<Model> => {
    let settle: { resolve: (model: Model) => void; reject: (error: unknown) => void } | undefined;
    const ready = new Promise<Model>((resolve, reject) => {
      settle = { resolve, reject };
    });
    const entry: Entry<Model> = {
      key,
      state: 'loading',
      sizeBytes: 0,
      users: 0,
      recency: 0,
      lastUsedAt: new Date(),
      ready,
      loadController: new AbortController(),
    };
    // Every acquirer sees a failure; this only keeps Node quiet when all of them have already given up.
    ready.catch(() => {});
    entries.set(key, entry);
    loadInto(entry, sizeHint).then(settle?.resolve, (error: unknown) => {
      forget(entry);
      settle?.reject(error);
    });
    return entry;
  };

  const acquire = async (
    key: string,
    { sizeBytes, signal }: { sizeBytes?: number; signal?: AbortSignal } = {},
  ): Promise<ModelLease<Model>> => {
    for (;;) {
      if (closed) throw new ConclaveError('unavailable', 'The local model manager is closed.');
      if (signal?.aborted) throw signal.reason;
      const existing = entries.get(key);
      if (existing?.state === 'unloading') {
        await raceAbort(existing.unloaded!, signal).catch((error: unknown) => {
          if (signal?.aborted) throw error;
        });
        continue;
      }
      const entry = existing ?? startLoad(key, sizeBytes);
      entry.users += 1;
      touch(entry);
      let model: Model;
      try {
        model = await raceAbort(entry.ready, signal);
      } catch (error) {
        entry.users -= 1;
        // Nobody wants this model any more: stop waiting for memory on its behalf.
        if (entry.state === 'loading' && entry.users === 0) entry.loadController.abort(error);
        throw error;
      }
      let released = false;
      return {
        key,
        model,
        release: () => {
          if (released) return;
          released = true;
          releaseUse(entry);
        },
      };
    }
  };

  return {
    budgetBytes,
    get usedBytes() {
      return memory.used;
    },
    acquire,
    loaded: () =>
      [...entries.values()].map((entry) => ({
        key: entry.key,
        sizeBytes: entry.sizeBytes,
        state: entry.state,
        inUse: entry.users,
        lastUsedAt: entry.lastUsedAt,
      })),
    async close() {
      closed = true;
      // Loads still waiting for memory would wait forever once nothing new is admitted.
      for (const entry of entries.values()) if (entry.state === 'loading') entry.loadController.abort();
      await Promise.allSettled([...entries.values()].map((entry) => entry.ready));
      for (const entry of entries.values())
        if (entry.state === 'ready' && entry.users === 0) startUnload(entry);
      await Promise.allSettled([...entries.values()].map((entry) => entry.unloaded));
    },
  };
}
