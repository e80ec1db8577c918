import { generateText, streamText } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Conclave, createConclave } from '../../src/index.js';
import { createTempHome } from '../helpers/temp-home.js';

function scripted(text: string) {
  return new MockLanguageModelV4({
    doGenerate: async () => ({
      content: [{ type: 'text', text }],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: {
        inputTokens: { total: 3, noCache: 3, cacheRead: undefined, cacheWrite: undefined },
        outputTokens: { total: 2, text: 2, reasoning: undefined },
      },
      warnings: [],
    }),
    doStream: async () => ({
      stream: new ReadableStream({
        start(controller) {
          controller.enqueue({ type: 'stream-start', warnings: [] });
          controller.enqueue({ type: 'text-start', id: 't' });
          for (const word of text.split(' '))
            controller.enqueue({ type: 'text-delta', id: 't', delta: `${word} ` });
          controller.enqueue({ type: 'text-end', id: 't' });
          controller.enqueue({
            type: 'finish',
            finishReason: { unified: 'stop', raw: 'stop' },
            usage: {
              inputTokens: { total: 3, noCache: 3, cacheRead: undefined, cacheWrite: undefined },
              outputTokens: { total: 2, text: 2, reasoning: undefined },
            },
          });
          controller.close();
        },
      }),
    }),
  });
}

describe('library: createConclave', () => {
  const home = createTempHome();
  let conclave: Conclave;
  beforeAll(async () => {
    conclave = await createConclave({
      config: { local: { demoModel: false }, discovery: { ollama: false, localServers: false } },
      discover: false,
      storeFile: ':memory:',
      environment: { CONCLAVE_HOME: home.path },
    });
    const base = {
      provider: 'library',
      location: 'local' as const,
      license: 'permissive' as const,
      contextWindow: 8_192,
      price: { inputPerMTok: 0, outputPerMTok: 0 },
      latency: { class: 'fast' as const, ttftMs: 100, tokensPerSec: 100 },
      strengths: [],
      weaknesses: [],
      supports: {
        streaming: true,
        tools: false,
        vision: false,
        json: false,
        embeddings: false,
        prefill: true,
      },
      available: true,
    };
    conclave.registerModel(
      {
        ...base,
        id: 'helper',
        name: 'Helper',
        providerModelId: 'helper',
        quality: { general: 0.8, quick: 0.8 },
      },
      scripted('answer from helper'),
    );
  });
  afterAll(async () => {
    await conclave.close();
    home.cleanup();
  });

  it('is an AI SDK model: generateText routes through Conclave and reports who answered', async () => {
    const result = await generateText({ model: conclave.languageModel('auto'), prompt: 'hello' });
    expect(result.text.trim()).toBe('answer from helper');
    expect(result.providerMetadata?.conclave).toMatchObject({ model: 'helper', location: 'local' });
  });

  it('streams with streamText', async () => {
    const result = streamText({ model: conclave.languageModel('helper'), prompt: 'hello' });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(text.trim()).toBe('answer from helper');
  });

  it('records library calls in the request log like gateway calls', async () => {
    await conclave.generate({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'log me' }] }],
      options: {},
    });
    conclave.requestLog.flush();
    expect(
      conclave.requestLog.query({ limit: 5 }).some((row) => row.model === 'helper' && row.status === 'ok'),
    ).toBe(true);
  });
});
