import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGateway } from '../helpers/gateway-harness.js';

describe('gateway through the official openai SDK', () => {
  let gateway: GatewayHarness;
  beforeAll(async () => {
    gateway = await startGateway({
      models: [
        { id: 'alpha', quality: 0.9 },
        { id: 'beta', quality: 0.6 },
      ],
    });
  });
  afterAll(() => gateway.close());

  it('answers a chat completion and says which model answered, where, and why', async () => {
    gateway.fake.scriptFor('alpha', { text: 'Hello there friend', usage: { input: 12, output: 3 } });
    const { data, response } = await gateway.client.chat.completions
      .create({ model: 'auto', messages: [{ role: 'user', content: 'Say hello' }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('Hello there friend');
    expect(data.model).toBe('alpha');
    expect(data.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 });
    expect(response.headers.get('x-conclave-model')).toBe('alpha');
    expect(response.headers.get('x-conclave-location')).toBe('local');
    expect(response.headers.get('x-conclave-route-reason')).toContain('Chose alpha');
    const conclave = (data as unknown as { conclave: Record<string, unknown> }).conclave;
    expect(conclave).toMatchObject({ model: 'alpha', provider: 'fake', location: 'local', fallbacks: [] });
    expect(conclave.cost_usd).toBeCloseTo((12 * 1 + 3 * 2) / 1e6, 12);
  });

  it('streams tokens, then the finish chunk with the conclave object, usage, and [DONE]', async () => {
    gateway.fake.scriptFor('alpha', { text: 'one two three', usage: { input: 5, output: 3 } });
    const stream = await gateway.client.chat.completions.create({
      model: 'alpha',
      messages: [{ role: 'user', content: 'count' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish: string | null | undefined;
    let usage: OpenAI.CompletionUsage | null | undefined;
    let conclave: unknown;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
      conclave = (chunk as unknown as { conclave?: unknown }).conclave ?? conclave;
    }
    expect(text).toBe('one two three');
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 3 });
    expect(conclave).toMatchObject({ model: 'alpha', location: 'local' });
  });

  it('passes tools through and returns the tool call', async () => {
    gateway.fake.scriptFor('alpha', { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] });
    const completion = await gateway.client.chat.completions.create({
      model: 'alpha',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } } },
          },
        },
      ],
    });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' && call.function.name).toBe('get_weather');
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Paris' });
    const sent = gateway.fake.requestsFor('alpha').at(-1)?.body as {
      tools: { function: { name: string } }[];
    };
    expect(sent.tools[0]?.function.name).toBe('get_weather');
  });

  it('streams tool calls as delta.tool_calls fragments', async () => {
    gateway.fake.scriptFor('alpha', { toolCalls: [{ name: 'lookup', arguments: { id: 42 } }] });
    const stream = await gateway.client.chat.completions.create({
      model: 'alpha',
      stream: true,
      messages: [{ role: 'user', content: 'look it up' }],
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }],
    });
    let name = '';
    let args = '';
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
        name += call.function?.name ?? '';
        args += call.function?.arguments ?? '';
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(name).toBe('lookup');
    expect(JSON.parse(args)).toEqual({ id: 42 });
    expect(finish).toBe('tool_calls');
  });

  it('forwards response_format as JSON mode upstream', async () => {
    gateway.fake.scriptFor('alpha', { text: '{"ok":true}' });
    const completion = await gateway.client.chat.completions.create({
      model: 'alpha',
      messages: [{ role: 'user', content: 'json please' }],
      response_format: { type: 'json_object' },
    });
    expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toEqual({ ok: true });
    const sent = gateway.fake.requestsFor('alpha').at(-1)?.body as { response_format?: { type: string } };
    expect(sent.response_format?.type).toBe('json_object');
  });

  it('returns n choices for n > 1', async () => {
    gateway.fake.scriptFor('alpha', { text: 'first' }, { text: 'second' });
    const completion = await gateway.client.chat.completions.create({
      model: 'alpha',
      n: 2,
      messages: [{ role: 'user', content: 'two' }],
    });
    expect(completion.choices.map((choice) => choice.message.content).sort()).toEqual(['first', 'second']);
    expect(completion.choices.map((choice) => choice.index)).toEqual([0, 1]);
  });

  it('streams n > 1 choices, each with its own index, finish chunk and conclave object, and summed usage', async () => {
    gateway.fake.scriptFor(
      'alpha',
      { text: 'red green blue', usage: { input: 4, output: 3 } },
      { text: 'one two', usage: { input: 4, output: 2 } },
    );
    const stream = await gateway.client.chat.completions.create({
      model: 'alpha',
      n: 2,
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'two ways' }],
    });
    const texts = ['', ''];
    const finishes: (string | null)[] = [null, null];
    const requestIds = new Set<string>();
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      for (const choice of chunk.choices) {
        texts[choice.index] += choice.delta.content ?? '';
        if (choice.finish_reason) {
          expect(finishes[choice.index]).toBeNull();
          finishes[choice.index] = choice.finish_reason;
          const conclave = (chunk as unknown as { conclave: { request_id: string; model: string } }).conclave;
          expect(conclave.model).toBe('alpha');
          requestIds.add(conclave.request_id);
        }
      }
      usage = chunk.usage ?? usage;
    }
    expect(texts.sort()).toEqual(['one two', 'red green blue']);
    expect(finishes).toEqual(['stop', 'stop']);
    expect(requestIds.size).toBe(2);
    expect(usage).toMatchObject({ prompt_tokens: 8, completion_tokens: 5, total_tokens: 13 });
    expect(gateway.fake.requestsFor('alpha').length).toBeGreaterThanOrEqual(2);
  });

  it('a choice that fails before answering fails the whole n > 1 stream with a real HTTP status', async () => {
    gateway.fake.scriptFor('beta', { text: 'fine' }, { error: 'bad-request' });
    const error = await gateway.client.chat.completions
      .create({ model: 'beta', n: 2, stream: true, messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBeGreaterThanOrEqual(400);
  });

  it('a choice that fails mid-stream ends the n > 1 stream with an error event; the other stops and the server keeps serving', async () => {
    gateway.fake.scriptFor(
      'beta',
      { text: 'one two three four', fault: { type: 'stream-error', afterChunks: 2, error: 'bad-request' } },
      { text: 'a b c d e f g h', chunkDelayMs: 30 },
    );
    const response = await fetch(`${gateway.server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'beta',
        n: 2,
        stream: true,
        messages: [{ role: 'user', content: 'x' }],
        conclave: { allow_fallbacks: false },
      }),
    });
    expect(response.status).toBe(200);
    const events = (await response.text()).split('\n\n').filter(Boolean);
    expect(events.at(-1)).toMatch(/^data: \{"error":/);
    expect(events.join('\n')).not.toContain('[DONE]');
    gateway.fake.scriptFor('alpha', { text: 'still here' });
    const after = await gateway.client.chat.completions.create({
      model: 'alpha',
      messages: [{ role: 'user', content: 'ping' }],
    });
    expect(after.choices[0]?.message.content).toBe('still here');
  });

  it('lists real and virtual models', async () => {
    const models = await gateway.client.models.list();
    const ids = models.data.map((model) => model.id);
    expect(ids).toEqual(
      expect.arrayContaining(['auto', 'auto:quality', 'auto:cost', 'auto:speed', 'alpha', 'beta']),
    );
    expect(ids).not.toContain('gpt-4o');
  });

  it('serves embeddings from an embedding-capable model', async () => {
    gateway.engine.registerModel({
      ...gateway.engine.profile('alpha')!,
      id: 'embedder',
      providerModelId: 'embedder',
      supports: {
        streaming: false,
        tools: false,
        vision: false,
        json: false,
        embeddings: true,
        prefill: false,
      },
    });
    const result = await gateway.client.embeddings.create({ model: 'auto', input: ['a cat', 'a dog'] });
    expect(result.data).toHaveLength(2);
    expect(result.data[0]?.embedding.length).toBeGreaterThan(0);
    expect(result.model).toBe('embedder');
  });

  describe('bad input gets a clear 4xx and the server keeps serving', () => {
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${gateway.server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });

    it('malformed JSON → 400', async () => {
      const response = await post('{"model": "auto", "messages": [');
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
        /Malformed JSON body/,
      );
    });

    it('wrong types → 400 naming the field', async () => {
      const error = await gateway.client.chat.completions
        .create({
          model: 'auto',
          messages: [{ role: 'user', content: 'hi' }],
          temperature: 'hot' as unknown as number,
        })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect((error as InstanceType<typeof OpenAI.APIError>).message).toContain(
        'temperature: expected a number, found "hot"',
      );
    });

    it('missing messages → 400', async () => {
      const response = await post('{"model": "auto"}');
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string; param: string } }).error.param).toBe(
        'messages',
      );
    });

    it('unknown model → 404 with a suggestion', async () => {
      const error = await gateway.client.chat.completions
        .create({ model: 'alpah', messages: [{ role: 'user', content: 'hi' }] })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.NotFoundError);
      expect((error as InstanceType<typeof OpenAI.APIError>).message).toContain('Did you mean "alpha"');
    });

    it('oversized body → 413', async () => {
      const response = await post(
        JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'x'.repeat(5_000_000) }] }),
      );
      expect(response.status).toBe(413);
    });

    it('an unknown route → 404 in the OpenAI error shape', async () => {
      const response = await fetch(`${gateway.server.url}/v1/nope`);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { type: string } }).error.type).toBe(
        'invalid_request_error',
      );
    });

    it('health and readiness answer', async () => {
      expect((await fetch(`${gateway.server.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${gateway.server.url}/readyz`)).status).toBe(200);
    });
  });
});
