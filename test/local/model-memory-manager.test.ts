import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConclaveError } from '../../src/core/conclave-error.js';
import { createModelMemoryManager } from '../../src/local/model-memory-manager.js';

interface FakeModel {
  key: string;
}

/** A manager over fake models whose sizes are fixed per key; it logs every load and unload. */
function createHarness(sizes: Record<string, number>, budgetBytes = 100, loadDelayMs = 5) {
  const events: string[] = [];
  let peakBytes = 0;
  const manager = createModelMemoryManager<FakeModel>({
    budgetBytes,
    estimateBytes: async (key) => sizes[key] ?? 0,
    load: async (key) => {
      events.push(`load ${key}`);
      await new Promise((resolve) => setTimeout(resolve, loadDelayMs));
      peakBytes = Math.max(peakBytes, manager.usedBytes);
      return { key };
    },
    unload: async (model) => {
      events.push(`unload ${model.key}`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    },
  });
  return { manager, events, peak: () => peakBytes };
}

const loadedKeys = (manager: { loaded(): { key: string }[] }) =>
  manager
    .loaded()
    .map((entry) => entry.key)
    .sort();

describe('createModelMemoryManager', () => {
  test('loads on demand and keeps models that fit under the pressure threshold', async () => {
    const { manager, events } = createHarness({ a: 40, b: 40 });
    (await manager.acquire('a')).release();
    (await manager.acquire('b')).release();
    (await manager.acquire('a')).release();
    expect(events).toEqual(['load a', 'load b']);
    expect(manager.usedBytes).toBe(80);
    expect(loadedKeys(manager)).toEqual(['a', 'b']);
  });

  test('unloads the least recently used idle model when a load would exceed the threshold', async () => {
    const { manager, events, peak } = createHarness({ a: 40, b: 40, c: 40 });
    (await manager.acquire('a')).release();
    (await manager.acquire('b')).release();
    (await manager.acquire('a')).release(); // now b is the least recently used
    (await manager.acquire('c')).release();
    expect(events).toEqual(['load a', 'load b', 'unload b', 'load c']);
    expect(loadedKeys(manager)).toEqual(['a', 'c']);
    expect(peak()).toBeLessThanOrEqual(100);
  });

  test('never unloads a model in use: a load that does not fit waits until one is released', async () => {
    const { manager, events } = createHarness({ a: 40, b: 40, c: 40 });
    const leaseA = await manager.acquire('a');
    const leaseB = await manager.acquire('b');
    let loadedC = false;
    const pendingC = manager.acquire('c').then((lease) => {
      loadedC = true;
      return lease;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(loadedC).toBe(false);
    expect(events).toEqual(['load a', 'load b']);
    leaseA.release();
    const leaseC = await pendingC;
    expect(events).toEqual(['load a', 'load b', 'unload a', 'load c']);
    expect(manager.usedBytes).toBeLessThanOrEqual(100);
    expect(manager.loaded().find((entry) => entry.key === 'b')?.inUse).toBe(1);
    leaseB.release();
    leaseC.release();
  });

  test('concurrent requests for a loading model share one load', async () => {
    const { manager, events } = createHarness({ a: 40 }, 100, 30);
    const leases = await Promise.all(Array.from({ length: 5 }, () => manager.acquire('a')));
    expect(events).toEqual(['load a']);
    expect(new Set(leases.map((lease) => lease.model)).size).toBe(1);
    expect(manager.loaded()[0]?.inUse).toBe(5);
    for (const lease of leases) lease.release();
    expect(manager.loaded()[0]?.inUse).toBe(0);
  });

  test('a model larger than the whole budget fails clearly without unloading anything', async () => {
    const { manager, events } = createHarness({ a: 40, huge: 150 });
    (await manager.acquire('a')).release();
    const failure = await manager.acquire('huge').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConclaveError);
    expect(failure).toMatchObject({ kind: 'unavailable' });
    expect((failure as Error).message).toMatch(/needs about .* MiB but the local memory budget is/);
    expect(events).toEqual(['load a']);
    expect(manager.loaded()).toHaveLength(1);
  });

  test('estimates size from the file on disk unless told otherwise', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'conclave-memory-'));
    const filePath = path.join(directory, 'model.gguf');
    await writeFile(filePath, Buffer.alloc(1000));
    const manager = createModelMemoryManager({
      budgetBytes: 500,
      load: async (key) => key,
      unload: () => {},
    });
    await expect(manager.acquire(filePath)).rejects.toMatchObject({ kind: 'unavailable' });
    const lease = await manager.acquire(filePath, { sizeBytes: 100 });
    expect(manager.usedBytes).toBe(100);
    lease.release();
  });

  test('a failed load rejects every waiter, frees its memory and is retried next time', async () => {
    let attempts = 0;
    const manager = createModelMemoryManager({
      budgetBytes: 100,
      estimateBytes: async () => 10,
      load: async () => {
        attempts += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (attempts === 1) throw new Error('corrupt file');
        return 'model';
      },
      unload: () => {},
    });
    const results = await Promise.allSettled([manager.acquire('a'), manager.acquire('a')]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(manager.usedBytes).toBe(0);
    const lease = await manager.acquire('a');
    expect(lease.model).toBe('model');
    expect(attempts).toBe(2);
  });

  test('aborting the only request waiting for memory cancels that load', async () => {
    const { manager, events } = createHarness({ a: 60, b: 60 });
    const leaseA = await manager.acquire('a');
    const controller = new AbortController();
    const pendingB = manager.acquire('b', { signal: controller.signal });
    controller.abort(new Error('client went away'));
    await expect(pendingB).rejects.toThrow('client went away');
    leaseA.release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events).toEqual(['load a']);
    expect(manager.usedBytes).toBe(60);
  });

  test('close unloads idle models and refuses new requests', async () => {
    const { manager, events } = createHarness({ a: 10, b: 10 });
    (await manager.acquire('a')).release();
    const leaseB = await manager.acquire('b');
    await manager.close();
    expect(events).toEqual(['load a', 'load b', 'unload a']);
    leaseB.release(); // in use during close: unloaded when released
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(events).toContain('unload b');
    await expect(manager.acquire('a')).rejects.toMatchObject({ kind: 'unavailable' });
  });
});
