import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverHuggingFace } from '../../src/catalog/discovery/discover-huggingface.js';

/** A loopback stand-in for the Hugging Face hub API and the router's chat endpoint. */
function startFakeHub() {
  const chatRequests: string[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const authorized = request.headers.authorization === 'Bearer hf_good';
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      const json = (status: number, value: unknown) =>
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (!authorized) return json(401, { error: 'Invalid credentials' });
      if (url.pathname === '/api/whoami-v2') return json(200, { name: 'aliAIML', type: 'user' });
      if (url.pathname === '/api/models' && url.searchParams.get('author') === 'aliAIML') {
        return json(200, [
          { id: 'aliAIML/my-chat-model', pipeline_tag: 'text-generation', tags: ['conversational', 'llama'] },
          { id: 'aliAIML/UI-TARS-1.5-7B', pipeline_tag: 'image-text-to-text', tags: [] },
        ]);
      }
      if (url.pathname === '/v1/chat/completions') {
        const model = (JSON.parse(body) as { model: string }).model;
        chatRequests.push(model);
        if (model === 'aliAIML/my-chat-model')
          return json(200, { choices: [{ message: { role: 'assistant', content: 'H' } }] });
        return json(400, { error: { message: `Model ${model} is not a chat model` } });
      }
      json(404, { error: 'not found' });
    });
  });
  return new Promise<{ url: string; chatRequests: string[]; close: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        chatRequests,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

describe('Hugging Face account discovery', () => {
  let hub: Awaited<ReturnType<typeof startFakeHub>>;
  beforeAll(async () => {
    hub = await startFakeHub();
  });
  afterAll(() => hub.close());

  it("lists the token owner's models and flags which look like chat models", async () => {
    const found = await discoverHuggingFace({ token: 'hf_good', hubUrl: hub.url });
    expect(found.author).toBe('aliAIML');
    expect(found.models).toEqual([
      { id: 'aliAIML/my-chat-model', pipelineTag: 'text-generation', looksLikeChat: true },
      { id: 'aliAIML/UI-TARS-1.5-7B', pipelineTag: 'image-text-to-text', looksLikeChat: false },
    ]);
    expect(hub.chatRequests).toEqual([]);
  });

  it('with test, checks each model against the chat API and reports why one is not usable', async () => {
    const found = await discoverHuggingFace({
      token: 'hf_good',
      hubUrl: hub.url,
      routerUrl: `${hub.url}/v1`,
      test: true,
    });
    expect(found.models.map((model) => [model.id, model.chatWorks])).toEqual([
      ['aliAIML/my-chat-model', true],
      ['aliAIML/UI-TARS-1.5-7B', false],
    ]);
    expect(found.models[1]?.testError).toContain('not a chat model');
  });

  it('a bad token is an auth error naming the variable to set', async () => {
    await expect(discoverHuggingFace({ token: 'hf_bad', hubUrl: hub.url })).rejects.toMatchObject({
      kind: 'auth',
      hint: expect.stringContaining('HF_TOKEN'),
    });
  });
});
