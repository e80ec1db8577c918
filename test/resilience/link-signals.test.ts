import { describe, expect, it } from 'vitest';
import { linkSignals } from '../../src/core/link-signals.js';

describe('linkSignals (how a stream consumer stopping cancels a run without AbortSignal.any)', () => {
  it('aborts with the reason of whichever input aborts first', () => {
    const client = new AbortController();
    const stop = new AbortController();
    const linked = linkSignals(client.signal, stop.signal);
    expect(linked.signal.aborted).toBe(false);
    stop.abort(new Error('consumer stopped'));
    expect(linked.signal.aborted).toBe(true);
    expect((linked.signal.reason as Error).message).toBe('consumer stopped');
    client.abort(new Error('later'));
    expect((linked.signal.reason as Error).message).toBe('consumer stopped');
  });

  it('is aborted at once when an input already is', () => {
    const client = new AbortController();
    client.abort(new Error('gone'));
    expect(linkSignals(client.signal, new AbortController().signal).signal.aborted).toBe(true);
  });

  it('after dispose, the inputs no longer reach it (nothing stays registered on them)', () => {
    const client = new AbortController();
    const stop = new AbortController();
    const linked = linkSignals(client.signal, stop.signal);
    linked.dispose();
    client.abort(new Error('after the run'));
    expect(linked.signal.aborted).toBe(false);
  });
});
