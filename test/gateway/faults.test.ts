import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGateway } from '../helpers/gateway-harness.js';

type Conclave = {
  model: string;
  fallbacks: string[];
  attempts: { model: string; ok: boolean; error_kind?: string }[];
};
const conclaveOf = (value: unknown) => (value as { conclave: Conclave }).conclave;
const ask = (content = 'Say hi') => ({ model: 'alpha', messages: [{ role: 'user' as const, content }] });

async function collect(stream: AsyncIterable<OpenAI.ChatCompletionChunk>) {
  let text = '';
  let finish: string | null | undefined;
  let conclave: Conclave | undefined;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? '';
    finish = chunk.choices[0]?.finish_reason ?? finish;
    conclave = (chunk as unknown as { conclave?: Conclave }).conclave ?? conclave;
  }
  return { text, finish, conclave };
}

describe.each([
  ['passthrough', true],
  ['AI SDK provider', false],
])('resilience through the gateway (%s path): every provider fault', (_path, passthrough) => {
  let gateway: GatewayHarness;
  beforeAll(async () => {
    gateway = await startGateway({
      models: [
        { id: 'alpha', quality: 0.9, contextWindow: 8_192 },
        { id: 'beta', quality: 0.6, contextWindow: 8_192 },
        { id: 'gamma', quality: 0.5, contextWindow: 131_072 },
        { id: 'noprefill', quality: 0.4, prefill: false, contextWindow: 8_192 },
      ],
      config: {
        fallbacks: { alpha: ['beta'] },
        circuit: { failureThreshold: 3, openMs: 400 },
        retry: { maxAttempts: 3, maxRetriesPerMinute: 1_000 },
        server: { passthrough },
      },
    });
  });
  afterAll(() => gateway.close());
  beforeEach(() => {
    gateway.fake.reset();
    gateway.engine.breakers.reset();
  });

  it('429 with Retry-After: waits as told, retries the same model, succeeds', async () => {
    gateway.fake.scriptFor(
      'alpha',
      { status: 429, headers: { 'retry-after': '1' } },
      { text: 'after the wait' },
    );
    const started = Date.now();
    const completion = await gateway.client.chat.completions.create(ask());
    expect(completion.choices[0]?.message.content).toBe('after the wait');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(gateway.fake.requestsFor('alpha')).toHaveLength(2);
    expect(conclaveOf(completion).attempts.map((attempt) => attempt.error_kind ?? 'ok')).toEqual([
      'rate-limit',
      'ok',
    ]);
  });

  it('429 without Retry-After: backs off and retries', async () => {
    gateway.fake.scriptFor('alpha', { error: 'rate-limit' }, { text: 'ok now' });
    const completion = await gateway.client.chat.completions.create(ask());
    expect(completion.choices[0]?.message.content).toBe('ok now');
    expect(gateway.fake.requestsFor('alpha')).toHaveLength(2);
  });

  it('500 once: one retry on the same model', async () => {
    gateway.fake.scriptFor('alpha', { status: 500 }, { text: 'recovered' });
    const completion = await gateway.client.chat.completions.create(ask());
    expect(completion.choices[0]?.message.content).toBe('recovered');
    expect(completion.model).toBe('alpha');
  });

  it('503 persistent: retries are bounded, then the fallback answers and is the one reported', async () => {
    gateway.fake.setDefault({ status: 503 }, 'alpha');
    gateway.fake.scriptFor('beta', { text: 'from beta', usage: { input: 7, output: 2 } });
    const completion = await gateway.client.chat.completions.create(ask());
    gateway.fake.reset();
    expect(completion.choices[0]?.message.content).toBe('from beta');
    expect(completion.model).toBe('beta');
    expect(completion.usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 2 });
    const conclave = conclaveOf(completion);
    expect(conclave.fallbacks).toEqual(['alpha']);
    expect(conclave.attempts.filter((attempt) => attempt.model === 'alpha')).toHaveLength(3);
    expect(conclave.attempts.at(-1)).toMatchObject({ model: 'beta', ok: true });
  });

  it('failed attempts are not billed: the logged cost is the answering model’s only', async () => {
    gateway.fake.scriptFor('alpha', { status: 503 }, { status: 503 }, { status: 503 });
    gateway.fake.scriptFor('beta', { text: 'billed', usage: { input: 10, output: 10 } });
    const completion = await gateway.client.chat.completions.create(ask());
    gateway.engine.requestLog.flush();
    const row = gateway.engine.requestLog.query({ limit: 1 })[0]!;
    expect(row.id).toBe(completion.id);
    expect(row.costUsd).toBeCloseTo((10 * 1 + 10 * 2) / 1e6, 12);
    const attempts = gateway.engine.requestLog.attemptsOf(row.id);
    expect(
      attempts.filter((attempt) => attempt.status === 'error').every((attempt) => attempt.costUsd === 0),
    ).toBe(true);
  });

  it('TCP reset before headers: retried', async () => {
    gateway.fake.scriptFor('alpha', { fault: 'reset-before-headers' }, { text: 'second try' });
    const completion = await gateway.client.chat.completions.create(ask());
    expect(completion.choices[0]?.message.content).toBe('second try');
  });

  it('no response at all: the first-token timeout moves on', async () => {
    gateway.fake.scriptFor('alpha', { fault: 'hang' }, { fault: 'hang' }, { fault: 'hang' });
    gateway.fake.scriptFor('beta', { text: 'beta answered' });
    const started = Date.now();
    const completion = await gateway.client.chat.completions.create(ask());
    expect(completion.choices[0]?.message.content).toBe('beta answered');
    expect(Date.now() - started).toBeLessThan(8_000);
  });

  it('slow first token beyond the budget: falls back (streaming)', async () => {
    gateway.fake.setDefault(
      { text: 'too slow', fault: { type: 'slow-first-token', delayMs: 3_000 } },
      'alpha',
    );
    gateway.fake.scriptFor('beta', { text: 'fast beta' });
    const result = await collect(await gateway.client.chat.completions.create({ ...ask(), stream: true }));
    gateway.fake.reset();
    expect(result.text).toBe('fast beta');
    expect(result.conclave?.model).toBe('beta');
  });

  it('stream cut mid-answer: continues on a prefill-capable model, and the client sees one whole answer', async () => {
    gateway.fake.scriptFor('alpha', {
      text: 'The answer is',
      chunks: ['The ', 'answer ', 'is'],
      fault: { type: 'cut-mid-stream', afterChunks: 2 },
    });
    gateway.fake.setDefault({ status: 503 }, 'alpha');
    gateway.fake.scriptFor('beta', { text: 'is forty-two.' });
    const result = await collect(await gateway.client.chat.completions.create({ ...ask(), stream: true }));
    expect(result.text).toBe('The answer is forty-two.');
    expect(result.finish).toBe('stop');
    expect(result.conclave?.model).toBe('beta');
    const continuation = gateway.fake.requestsFor('beta').at(-1)?.body as {
      messages: { role: string; content: string }[];
    };
    expect(continuation.messages.at(-1)).toMatchObject({ role: 'assistant', content: 'The answer ' });
  });

  it('stream stall: the stall timeout ends the attempt and the answer is continued', async () => {
    gateway.fake.scriptFor('alpha', {
      text: 'Partial then',
      chunks: ['Partial ', 'then'],
      fault: { type: 'stall', afterChunks: 1 },
    });
    gateway.fake.setDefault({ status: 503 }, 'alpha');
    gateway.fake.scriptFor('beta', { text: 'done.' });
    const result = await collect(await gateway.client.chat.completions.create({ ...ask(), stream: true }));
    gateway.fake.reset();
    expect(result.text).toBe('Partial done.');
  });

  it('a cut with no model able to continue ends with an explicit error, never a normal completion', async () => {
    gateway.fake.setDefault(
      { text: 'Half an', chunks: ['Half ', 'an'], fault: { type: 'cut-mid-stream', afterChunks: 1 } },
      'noprefill',
    );
    const stream = await gateway.client.chat.completions.create({
      model: 'noprefill',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
      conclave: { allow_fallbacks: false },
    } as never);
    const outcome = await collect(stream as unknown as AsyncIterable<OpenAI.ChatCompletionChunk>).catch(
      (error: unknown) => error,
    );
    gateway.fake.reset();
    expect(outcome).toBeInstanceOf(OpenAI.APIError);
    expect((outcome as Error).message).toMatch(/cut after 5 characters/);
  });

  it('a fallback that rejects assistant prefill: the stream ends with an error event, not a fake success', async () => {
    gateway.fake.scriptFor('alpha', {
      text: 'Start of',
      chunks: ['Start ', 'of'],
      fault: { type: 'cut-mid-stream', afterChunks: 1 },
    });
    gateway.fake.setDefault({ status: 503 }, 'alpha');
    gateway.fake.setDefault(
      { status: 400, error: { preset: 'bad-request', message: 'assistant prefill is not supported' } },
      'beta',
    );
    const outcome = await collect(
      await gateway.client.chat.completions.create({ ...ask(), stream: true }),
    ).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(OpenAI.APIError);
    expect((outcome as Error).message).toMatch(/cut after 6 characters/);
    const rejected = gateway.fake.requestsFor('beta').at(-1)?.body as { messages: { role: string }[] };
    expect(rejected.messages.at(-1)?.role).toBe('assistant');
  });

  it('malformed chunk: the attempt fails cleanly, the process keeps serving', async () => {
    gateway.fake.scriptFor(
      'alpha',
      { text: 'bad', fault: { type: 'malformed-chunk', afterChunks: 0 } },
      { text: 'good' },
    );
    const result = await collect(await gateway.client.chat.completions.create({ ...ask(), stream: true }));
    expect(result.text).toBe('good');
    const again = await gateway.client.chat.completions.create(ask());
    expect(again.choices[0]?.message.content).toBeDefined();
  });

  it('missing [DONE]: finalised promptly and never reported as complete on the truncated attempt', async () => {
    gateway.fake.scriptFor('alpha', { text: 'no end', fault: 'no-done' }, { text: 'proper end' });
    const started = Date.now();
    const result = await collect(await gateway.client.chat.completions.create({ ...ask(), stream: true }));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(result.finish).toBe('stop');
    expect(result.text.endsWith('proper end')).toBe(true);
  });

  it('context length exceeded: no retry on the same model; moves to a larger-context model', async () => {
    gateway.fake.scriptFor('alpha', { error: 'context-length' });
    gateway.fake.scriptFor('beta', { error: 'context-length' });
    gateway.fake.scriptFor('gamma', { text: 'big context' });
    const completion = await gateway.client.chat.completions.create(ask());
    expect(completion.choices[0]?.message.content).toBe('big context');
    expect(completion.model).toBe('gamma');
    expect(gateway.fake.requestsFor('alpha')).toHaveLength(1);
    expect(gateway.fake.requestsFor('beta')).toHaveLength(0);
  });

  it('content-policy rejection: not retried, not re-routed, and the provider’s reason comes back', async () => {
    gateway.fake.scriptFor('alpha', {
      error: { preset: 'content-filter', message: 'Your prompt was flagged for violence.' },
    });
    const error = await gateway.client.chat.completions.create(ask()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain('Your prompt was flagged for violence.');
    expect(gateway.fake.requestsFor('alpha')).toHaveLength(1);
    expect(gateway.fake.requestsFor('beta')).toHaveLength(0);
  });

  it('a primary down for a while: circuit opens, fallback serves, a single probe, circuit closes on recovery', async () => {
    gateway.fake.setDefault({ status: 503 }, 'alpha');
    gateway.fake.setDefault({ text: 'beta serving' }, 'beta');
    const first = await gateway.client.chat.completions.create(ask());
    expect(first.model).toBe('beta');
    expect(gateway.engine.breakers.state('alpha')).toBe('open');
    const alphaCalls = gateway.fake.requestsFor('alpha').length;
    const whileOpen = await gateway.client.chat.completions.create(ask());
    expect(whileOpen.model).toBe('beta');
    expect(gateway.fake.requestsFor('alpha')).toHaveLength(alphaCalls);
    await new Promise((resolve) => setTimeout(resolve, 450));
    gateway.fake.setDefault({ text: 'alpha is back' }, 'alpha');
    const probe = await gateway.client.chat.completions.create(ask());
    expect(probe.model).toBe('alpha');
    expect(gateway.fake.requestsFor('alpha')).toHaveLength(alphaCalls + 1);
    expect(gateway.engine.breakers.state('alpha')).toBe('closed');
    gateway.fake.reset();
  });

  it('an end-to-end deadline bounds all retries and fallbacks together', async () => {
    const local = await startGateway({
      models: [{ id: 'alpha' }, { id: 'beta' }],
      config: {
        fallbacks: { alpha: ['beta'] },
        timeouts: { deadlineMs: 1_200, firstTokenMs: 1_000 },
        server: { passthrough },
      },
    });
    try {
      local.fake.setDefault({ fault: 'hang' }, 'alpha');
      local.fake.setDefault({ fault: 'hang' }, 'beta');
      const started = Date.now();
      const error = await local.client.chat.completions.create(ask()).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.APIError);
      expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(504);
      expect(Date.now() - started).toBeLessThan(2_500);
    } finally {
      await local.close();
    }
  });
});

describe('client cancellations', () => {
  it('a client that disconnects mid-stream is recorded as cancelled and never opens the circuit', async () => {
    const gateway = await startGateway({
      models: [{ id: 'alpha' }],
      config: { circuit: { failureThreshold: 2, openMs: 60_000 } },
    });
    try {
      gateway.fake.setDefault({ text: 'a long answer that keeps coming', chunkDelayMs: 200 }, 'alpha');
      for (let round = 0; round < 4; round += 1) {
        const controller = new AbortController();
        const stream = await gateway.client.chat.completions.create(
          { ...ask(), stream: true },
          { signal: controller.signal },
        );
        for await (const _chunk of stream) {
          controller.abort();
          break;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(gateway.engine.breakers.state('alpha')).toBe('closed');
      gateway.engine.requestLog.flush();
      const kinds = gateway.engine.requestLog.query({ limit: 10 }).map((row) => row.errorKind);
      expect(kinds.filter((kind) => kind === 'cancelled').length).toBeGreaterThanOrEqual(3);
    } finally {
      await gateway.close();
    }
  });
});

describe('upstream limits respected before they are hit', () => {
  it('a model at its configured RPM is not called again: the request falls back instead', async () => {
    const gateway = await startGateway({
      models: [{ id: 'alpha', rpm: 1 }, { id: 'beta' }],
      config: { fallbacks: { alpha: ['beta'] } },
    });
    try {
      gateway.fake.setDefault({ text: 'from alpha' }, 'alpha');
      gateway.fake.setDefault({ text: 'from beta' }, 'beta');
      const first = await gateway.client.chat.completions.create(ask());
      const second = await gateway.client.chat.completions.create(ask());
      expect(first.model).toBe('alpha');
      expect(second.model).toBe('beta');
      expect(gateway.fake.requestsFor('alpha')).toHaveLength(1);
    } finally {
      await gateway.close();
    }
  });
});
