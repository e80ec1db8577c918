import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LanguageModelV4CallOptions, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAIPassthroughModel } from '../../src/providers/passthrough/openai-passthrough-model.js';
import { upstreamEndpoint } from '../../src/providers/passthrough/post-upstream.js';

const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

/** A whole answer in one write, as a fast upstream (or a proxy that buffers) sends it. */
const BURST = [
  chunk({ role: 'assistant', content: '' }),
  chunk({ content: 'one ' }),
  chunk({ content: 'two ' }),
  chunk({ content: 'three' }),
  chunk({}, 'stop'),
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 } })}\n\n`,
  'data: [DONE]\n\n',
].join('');

const WHOLE = JSON.stringify({
  id: 'c2',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'all at once' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
});

let server: http.Server;
let baseURL: string;
const agent = new http.Agent({ keepAlive: true });

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (part: Buffer) => {
      body += part.toString();
    });
    request.on('end', () => {
      const { stream, messages } = JSON.parse(body) as { stream?: boolean; messages: { content: string }[] };
      const scenario = messages[0]?.content;
      if (!stream) {
        response.writeHead(200, { 'content-type': 'application/json' }).end(WHOLE);
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      if (scenario === 'cut') {
        // Two events, then the connection drops without the final event.
        response.write(chunk({ role: 'assistant', content: '' }) + chunk({ content: 'partial' }));
        setTimeout(() => response.socket?.destroy(), 20);
        return;
      }
      response.end(BURST);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  agent.destroy();
  await new Promise((resolve) => server.close(resolve));
});

function model(content: string, stream: boolean) {
  return createOpenAIPassthroughModel({
    providerName: 'local-fake',
    endpoint: upstreamEndpoint(baseURL, {}, agent),
    providerModelId: 'm',
    rawBody: { model: 'alias', stream, messages: [{ role: 'user', content }] },
  });
}

const options: LanguageModelV4CallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }],
};

const textOf = (parts: LanguageModelV4StreamPart[]) =>
  parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');

describe('the OpenAI passthrough model', () => {
  it('streams a burst through doStream: every part in order, then the finish with usage', async () => {
    const { stream } = await model('burst', true).doStream(options);
    const parts: LanguageModelV4StreamPart[] = [];
    for await (const part of stream) parts.push(part);
    expect(parts[0]?.type).toBe('stream-start');
    expect(textOf(parts)).toBe('one two three');
    const finish = parts.at(-1);
    expect(finish?.type).toBe('finish');
    if (finish?.type !== 'finish') return;
    expect(finish.finishReason.unified).toBe('stop');
    expect(finish.usage.inputTokens.total).toBe(7);
    expect(finish.usage.outputTokens.total).toBe(3);
  });

  it('hands the first content over alone: a consumer gets a turn before the rest of the burst', async () => {
    const order: string[] = [];
    const push = await model('burst', true).pushParts(options, (part) => {
      if (part.type !== 'text-delta') return;
      order.push(part.delta);
      if (order.length === 1) queueMicrotask(() => order.push('consumer turn'));
    });
    await push.done;
    expect(order).toEqual(['one ', 'consumer turn', 'two ', 'three']);
  });

  it('ends a cut stream with a retryable error part after what arrived before the cut', async () => {
    const parts: LanguageModelV4StreamPart[] = [];
    const push = await model('cut', true).pushParts(options, (part) => parts.push(part));
    await push.done;
    expect(textOf(parts)).toBe('partial');
    const last = parts.at(-1);
    expect(last?.type).toBe('error');
    if (last?.type !== 'error') return;
    expect(String((last.error as Error).message)).toMatch(/Connection lost/);
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
  });

  it('rejects done with what the consumer threw, and stops reading', async () => {
    const push = await model('burst', true).pushParts(options, (part) => {
      if (part.type === 'text-delta') throw new Error('consumer refused');
    });
    await expect(push.done).rejects.toThrow('consumer refused');
  });

  it('lets a doStream reader stop mid-answer without an error', async () => {
    const { stream } = await model('burst', true).doStream(options);
    const reader = stream.getReader();
    const parts: LanguageModelV4StreamPart[] = [];
    while (parts.length < 3) {
      const next = await reader.read();
      if (next.done) break;
      parts.push(next.value);
    }
    await reader.cancel();
    // Whatever the response still delivers after the cancel is dropped quietly (no unhandled rejection).
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(parts[0]?.type).toBe('stream-start');
  });

  it('maps a non-streamed completion to the same parts', async () => {
    const { stream } = await model('whole', false).doStream(options);
    const parts: LanguageModelV4StreamPart[] = [];
    for await (const part of stream) parts.push(part);
    expect(textOf(parts)).toBe('all at once');
    const finish = parts.at(-1);
    expect(finish?.type === 'finish' && finish.usage.inputTokens.total).toBe(5);
  });
});
