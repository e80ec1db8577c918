import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from '../fakes/fake-upstream.js';
import {
  classify,
  collectStream,
  createFakeModel,
  firstFailure,
  generateFailure,
  MODEL_IDS,
  mapFailure,
  type ProviderPath,
  userPrompt,
} from './provider-harness.js';

const fake: FakeUpstream = await startFakeUpstream();
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const PATHS = Object.keys(MODEL_IDS) as ProviderPath[];

// Every upstream failure must reach the executor as the ConclaveError kind it acts on (retry, fall back, stop).
describe.each(PATHS)('%s failures → ConclaveError', (path) => {
  const modelId = MODEL_IDS[path];
  const model = () => createFakeModel(fake, path, modelId);
  const mapped = (error: unknown) => {
    // Mapping `undefined` would yield a plausible 'upstream': insist that a failure actually surfaced.
    expect(error).toBeDefined();
    return classify(mapFailure(error, path, modelId));
  };
  const streamFailure = async () => firstFailure(await collectStream(model(), userPrompt('Hi')));

  it('401 → auth, not retryable', async () => {
    fake.script({ status: 401 });
    expect(mapped(await generateFailure(model(), userPrompt('Hi')))).toEqual({
      kind: 'auth',
      retryable: false,
      status: 401,
      retryAfterMs: undefined,
    });
  });

  it('429 + Retry-After (seconds) → rate-limit, retryable, waits', async () => {
    fake.script({ status: 429, headers: { 'retry-after': '2' } });
    expect(mapped(await generateFailure(model(), userPrompt('Hi')))).toEqual({
      kind: 'rate-limit',
      retryable: true,
      status: 429,
      retryAfterMs: 2000,
    });
  });

  it('429 + retry-after-ms on a stream → rate-limit thrown by doStream, with the wait', async () => {
    fake.script({ status: 429, headers: { 'retry-after-ms': '1500', 'retry-after': '9' } });
    const collected = await collectStream(model(), userPrompt('Hi'));
    expect(collected.parts).toEqual([]);
    expect(mapped(collected.thrown)).toMatchObject({ kind: 'rate-limit', status: 429, retryAfterMs: 1500 });
  });

  it('500 → upstream, retryable (stream: thrown before any part)', async () => {
    fake.script({ status: 500 }, { status: 500 });
    expect(mapped(await generateFailure(model(), userPrompt('Hi')))).toMatchObject({
      kind: 'upstream',
      retryable: true,
      status: 500,
    });
    const collected = await collectStream(model(), userPrompt('Hi'));
    expect(collected.parts).toEqual([]);
    expect(mapped(collected.thrown)).toMatchObject({ kind: 'upstream', retryable: true, status: 500 });
  });

  it('overloaded (503, Anthropic 529) → overloaded, retryable', async () => {
    fake.script({ error: 'overloaded' });
    const result = mapped(await generateFailure(model(), userPrompt('Hi')));
    expect(result).toMatchObject({ kind: 'overloaded', retryable: true });
    expect(result.status).toBe(path === 'anthropic' ? 529 : 503);
  });

  it('404 unknown model → not-found, not retryable', async () => {
    fake.script({ status: 404 });
    expect(mapped(await generateFailure(model(), userPrompt('Hi')))).toMatchObject({
      kind: 'not-found',
      retryable: false,
    });
  });

  it('context window exceeded → context-length, not retryable', async () => {
    fake.script({ error: 'context-length' });
    expect(mapped(await generateFailure(model(), userPrompt('Hi')))).toMatchObject({
      kind: 'context-length',
      retryable: false,
      status: 400,
    });
  });

  it('reset before headers → network, retryable (generate and stream)', async () => {
    fake.script({ fault: 'reset-before-headers' }, { fault: 'reset-before-headers' });
    expect(mapped(await generateFailure(model(), userPrompt('Hi')))).toMatchObject({
      kind: 'network',
      retryable: true,
    });
    expect(mapped(await streamFailure())).toMatchObject({ kind: 'network', retryable: true });
  });

  it('connection cut mid-stream → the partial text, then a thrown error and no finish part', async () => {
    fake.script({ text: 'Hello brave world', fault: { type: 'cut-mid-stream', afterChunks: 1 } });
    const collected = await collectStream(model(), userPrompt('Hi'));
    expect(collected.text).toBe('Hello');
    expect(collected.finish).toBeUndefined();
    expect(collected.thrown).toBeInstanceOf(Error);
  });

  it('connection cut mid-stream → network, retryable', async () => {
    fake.script({ text: 'Hello brave world', fault: { type: 'cut-mid-stream', afterChunks: 1 } });
    expect(mapped(await streamFailure())).toMatchObject({
      kind: 'network',
      retryable: true,
      status: undefined,
    });
  });

  it('connection cut mid-body (doGenerate) → network, retryable', async () => {
    fake.script({ text: 'Hello brave world', fault: 'cut-mid-stream' });
    expect(mapped(await generateFailure(model(), userPrompt('Hi')))).toMatchObject({
      kind: 'network',
      retryable: true,
    });
  });

  it('malformed stream chunk → surfaced as one error part', async () => {
    fake.script({ text: 'Hello brave world', fault: { type: 'malformed-chunk', afterChunks: 1 } });
    const collected = await collectStream(model(), userPrompt('Hi'));
    expect(collected.thrown).toBeUndefined();
    expect(collected.errorParts).toHaveLength(1);
  });

  it('malformed stream chunk → upstream, retryable', async () => {
    fake.script({ text: 'Hello brave world', fault: { type: 'malformed-chunk', afterChunks: 1 } });
    expect(mapped(await streamFailure())).toMatchObject({ kind: 'upstream', retryable: true });
  });

  it('malformed JSON body (doGenerate) → upstream, retryable', async () => {
    fake.script({ text: 'Hello', fault: 'malformed-chunk' });
    expect(mapped(await generateFailure(model(), userPrompt('Hi')))).toMatchObject({
      kind: 'upstream',
      retryable: true,
    });
  });

  it('in-stream error event → surfaced after the partial text', async () => {
    fake.script({
      text: 'Hello brave world',
      fault: { type: 'stream-error', afterChunks: 1, error: 'server-error' },
    });
    const collected = await collectStream(model(), userPrompt('Hi'));
    expect(collected.text).toBe('Hello');
    expect(firstFailure(collected)).toBeDefined();
    expect(collected.finish?.finishReason.unified).not.toBe('stop');
  });

  it('in-stream error event → upstream with the event status', async () => {
    fake.script({
      text: 'Hello brave world',
      fault: { type: 'stream-error', afterChunks: 1, error: 'server-error' },
    });
    expect(mapped(await streamFailure())).toMatchObject({ kind: 'upstream', retryable: true, status: 500 });
  });

  it('stream ending without its final event → never a normal finish', async () => {
    fake.script({ text: 'Hello brave world', fault: 'no-done' });
    const collected = await collectStream(model(), userPrompt('Hi'));
    expect(collected.text).toBe('Hello brave world');
    expect(['interrupted', 'error']).toContain(collected.finish?.finishReason.unified);
  });

  it('aborting a stalled stream closes the upstream request and maps to cancelled', async () => {
    fake.script({ text: 'Hello brave world', fault: { type: 'stall', afterChunks: 1 } });
    const abort = new AbortController();
    const { stream } = await model().doStream({ ...userPrompt('Hi'), abortSignal: abort.signal });
    const reader = stream.getReader();
    let text = '';
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      if (next.value.type === 'text-delta') text += next.value.delta;
      if (text === 'Hello') break;
    }
    abort.abort();
    const failure = await reader.read().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(mapped(failure)).toMatchObject({ kind: 'cancelled' });
    await expect.poll(() => fake.requests[0]?.outcome).toBe('client-closed');
  });
});
