import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from './fake-upstream.js';

const fake: FakeUpstream = await startFakeUpstream({ models: ['gpt-4o-mini', 'llama3.2:3b'] });
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

const chat = (model: string, stream = false) => ({
  model,
  stream,
  messages: [{ role: 'user', content: 'Hi' }],
});

describe('scripting', () => {
  it('consumes keyed scripts first, then the shared queue, then the default', async () => {
    fake.script({ text: 'shared one' }, { text: 'shared two' }).scriptFor('model-b', { text: 'for b' });
    fake.setDefault({ text: 'default' });
    const texts: string[] = [];
    for (const model of ['model-a', 'model-b', 'model-b', 'model-a']) {
      const body = (await (await post('/v1/chat/completions', chat(model))).json()) as {
        choices: { message: { content: string } }[];
      };
      texts.push(body.choices[0]!.message.content);
    }
    expect(texts).toEqual(['shared one', 'for b', 'shared two', 'default']);
    expect(fake.pending()).toBe(0);
  });

  it('builds replies from the request when scripted with a function', async () => {
    fake.script((request) => ({ text: `echo ${request.model}` }));
    const body = (await (await post('/api/chat', { ...chat('llama3.2:3b'), stream: false })).json()) as {
      message: { content: string };
    };
    expect(body.message.content).toBe('echo llama3.2:3b');
  });

  it('records method, path, headers, parsed body, model and stream flag', async () => {
    await (
      await post('/v1/chat/completions', chat('gpt-4o-mini', true), { authorization: 'Bearer sk-x' })
    ).text();
    const [request] = fake.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      protocol: 'openai',
      route: 'chat',
      model: 'gpt-4o-mini',
      stream: true,
      outcome: 'completed',
      body: chat('gpt-4o-mini', true),
    });
    expect(request?.headers.authorization).toBe('Bearer sk-x');
  });
});

describe('wire formats', () => {
  it('streams OpenAI SSE with include_usage totals and [DONE]', async () => {
    fake.script({ text: 'Hi there', usage: { input: 3, output: 2 } });
    const text = await (
      await post('/v1/chat/completions', {
        ...chat('gpt-4o-mini', true),
        stream_options: { include_usage: true },
      })
    ).text();
    const events = text.split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    const payloads = events.slice(0, -1).map((event) => JSON.parse(event.slice('data: '.length)));
    expect(payloads.map((payload) => payload.choices[0]?.delta?.content ?? null)).toEqual([
      '',
      'Hi',
      ' there',
      null,
      null,
    ]);
    expect(payloads.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 2 } });
  });

  it('streams Anthropic named events in protocol order', async () => {
    fake.script({ text: 'Hi', toolCalls: [{ name: 'lookup', arguments: { q: 'x' } }] });
    const text = await (await post('/v1/messages', { ...chat('claude-x', true), max_tokens: 10 })).text();
    expect([...text.matchAll(/^event: (\w+)$/gm)].map((match) => match[1])).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
  });

  it('takes the Gemini model from the path and frames events with CRLF', async () => {
    fake.scriptFor('gemini-pro', { text: 'Hola' });
    const response = await post('/v1beta/models/gemini-pro:streamGenerateContent?alt=sse', { contents: [] });
    expect(await response.text()).toContain('"text":"Hola"');
    expect(fake.requests[0]).toMatchObject({ model: 'gemini-pro', stream: true, query: { alt: 'sse' } });
  });

  it('streams Ollama NDJSON ending with a done line, and lists models', async () => {
    const lines = (await (await post('/api/chat', chat('llama3.2:3b', true))).text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.at(-1)).toMatchObject({ done: true, done_reason: 'stop', prompt_eval_count: 10 });
    const tags = (await (await fetch(`${fake.url}/api/tags`)).json()) as { models: { name: string }[] };
    expect(tags.models.map((model) => model.name)).toEqual(['gpt-4o-mini:latest', 'llama3.2:3b']);
  });

  it('answers errors with the provider body and the scripted headers', async () => {
    fake.script({ status: 429, headers: { 'retry-after': '3' } }, { error: 'overloaded' });
    const openai = await post('/v1/chat/completions', chat('gpt-4o-mini'));
    expect(openai.status).toBe(429);
    expect(openai.headers.get('retry-after')).toBe('3');
    expect(await openai.json()).toMatchObject({ error: { type: 'requests', code: 'rate_limit_exceeded' } });
    const anthropic = await post('/v1/messages', chat('claude-x'));
    expect(anthropic.status).toBe(529);
    expect(await anthropic.json()).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
  });

  it('enforces the API key the provider way when asked to', async () => {
    const guarded = await startFakeUpstream({ apiKey: 'secret' });
    try {
      const denied = await fetch(`${guarded.baseURLs.anthropic}/messages`, { method: 'POST', body: '{}' });
      expect(denied.status).toBe(401);
      const allowed = await fetch(`${guarded.baseURLs.anthropic}/messages`, {
        method: 'POST',
        headers: { 'x-api-key': 'secret' },
        body: '{"model":"claude-x"}',
      });
      expect(allowed.status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});

describe('faults', () => {
  it('reset-before-headers makes fetch fail', async () => {
    fake.script({ fault: 'reset-before-headers' });
    await expect(post('/v1/chat/completions', chat('m'))).rejects.toThrow('fetch failed');
    expect(fake.requests[0]?.outcome).toBe('reset');
  });

  it('cut-mid-stream errors the body after the scripted chunks', async () => {
    fake.script({ text: 'one two three', fault: { type: 'cut-mid-stream', afterChunks: 2 } });
    const response = await post('/api/chat', chat('llama3.2:3b', true));
    await expect(response.text()).rejects.toThrow('terminated');
    expect(fake.requests[0]?.outcome).toBe('cut');
  });

  it('stall keeps the socket open until the client gives up', async () => {
    fake.script({ text: 'one two', fault: 'stall' });
    const response = await post('/v1/chat/completions', chat('m', true));
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('"role":"assistant"');
    await reader.cancel();
    await expect.poll(() => fake.requests[0]?.outcome).toBe('client-closed');
  });

  it('slow-first-token holds the content back after the preamble', async () => {
    fake.script({ text: 'late', fault: { type: 'slow-first-token', delayMs: 60_000 } });
    const response = await post('/v1/chat/completions', chat('m', true));
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('"role":"assistant"');
    await reader.cancel();
    // Still waiting when the client left: the delay was applied, and no timer outlives the request.
    await expect.poll(() => fake.requests[0]?.outcome).toBe('client-closed');
  });

  it('hang never answers, and close() still returns', async () => {
    const hanging = await startFakeUpstream({ defaultReply: { fault: 'hang' } });
    const pending = fetch(`${hanging.url}/api/chat`, { method: 'POST', body: '{"model":"m"}' });
    await expect.poll(() => hanging.requests.length).toBe(1);
    const failure = expect(pending).rejects.toThrow('fetch failed');
    await hanging.close();
    await failure;
    expect(hanging.openConnections()).toBe(0);
  });
});
