import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConclaveError } from '../../src/core/conclave-error.js';
import { DEMO_MODEL_MESSAGE, ensureDemoModel } from '../../src/local/demo-model.js';
import { createEmbeddedEngine, type EmbeddedEngine } from '../../src/local/embedded-engine.js';
import { callOptions, collectStream, generatedText, streamedText } from './language-model-helpers.js';

/** 400 distinct words: long enough to abort mid-generation, still generated in well under a second. */
const LONG_MESSAGE = Array.from({ length: 400 }, (_, index) => `word${index}`).join(' ');
const SHORT_MESSAGE = 'A second demo model answering something else.';

let modelsDir: string;
let longModelPath: string;
let engine: EmbeddedEngine;

async function failure(promise: PromiseLike<unknown>): Promise<ConclaveError> {
  const error = await Promise.resolve(promise).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConclaveError);
  return error as ConclaveError;
}

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 400 && !condition(); attempt++)
    await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}

const idle = () => engine.loadedModels().every((model) => model.inUse === 0);

beforeAll(async () => {
  modelsDir = await mkdtemp(path.join(tmpdir(), 'conclave-engine-'));
  await ensureDemoModel(modelsDir);
  longModelPath = await ensureDemoModel(path.join(modelsDir, 'long'), LONG_MESSAGE);
  engine = createEmbeddedEngine({ modelsDir, threads: 1, contextSize: 512, sequencesPerModel: 2 });
});

afterAll(async () => {
  await engine.close();
});

// Real inference: the first call also starts llama.cpp and loads the model, slow on a busy 2-core machine.
describe('createEmbeddedEngine', { timeout: 30_000 }, () => {
  test('lists the GGUF files of the models directory with ids relative to it', async () => {
    const files = await engine.listModelFiles();
    expect(files.map((file) => file.id)).toEqual([
      'conclave-demo',
      expect.stringMatching(/^long\/conclave-demo-[0-9a-f]{12}$/),
    ]);
    expect(files[0]?.sizeBytes).toBeGreaterThan(100_000);
  });

  test('serves concurrent requests on one loaded model without mixing their outputs', async () => {
    const model = engine.languageModel('conclave-demo');
    const streamed = model.doStream(callOptions('stream me')).then(({ stream }) => collectStream(stream));
    const generated = await Promise.all(
      Array.from({ length: 4 }, (_, index) => model.doGenerate(callOptions(`question ${index}`))),
    );
    for (const result of generated) expect(generatedText(result.content)).toBe(DEMO_MODEL_MESSAGE);
    expect(streamedText(await streamed)).toBe(DEMO_MODEL_MESSAGE);
    expect(engine.loadedModels().filter((loaded) => loaded.id === 'conclave-demo')).toHaveLength(1);
    await waitUntil(idle);
  });

  test('honours maxOutputTokens with finish reason "length" and real token counts', async () => {
    const result = await engine
      .languageModel('conclave-demo')
      .doGenerate(callOptions('hi', { maxOutputTokens: 3 }));
    expect(generatedText(result.content)).toBe('Hello! I am');
    expect(result.finishReason).toEqual({ unified: 'length', raw: 'maxTokens' });
    expect(result.usage.outputTokens.total).toBe(3);
  });

  test('offered tools are described to the model and count against its context window', async () => {
    const tools = [{ type: 'function' as const, name: 'weather', inputSchema: { type: 'object' as const } }];
    // The demo model's 512-token window cannot hold the description of how to call functions.
    const error = await Promise.resolve(
      engine.languageModel('conclave-demo').doStream(callOptions('weather?', { tools })),
    ).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'context-length' });
    // toolChoice none: nothing is offered, the model answers in text, no warning.
    const { stream } = await engine
      .languageModel('conclave-demo')
      .doStream(callOptions('weather?', { tools, toolChoice: { type: 'none' } }));
    const parts = await collectStream(stream);
    expect(parts[0]).toEqual({ type: 'stream-start', warnings: [] });
    expect(streamedText(parts)).toBe(DEMO_MODEL_MESSAGE);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'stop' } });
  });

  test('aborting mid-stream stops generation promptly and ends the stream with a cancelled error', async () => {
    const model = engine.languageModel(longModelPath);
    const controller = new AbortController();
    const { stream } = await model.doStream(callOptions('go', { abortSignal: controller.signal }));
    const parts: LanguageModelV4StreamPart[] = [];
    for await (const part of stream) {
      parts.push(part);
      if (parts.filter((candidate) => candidate.type === 'text-delta').length === 5) controller.abort();
    }
    const text = streamedText(parts);
    expect(LONG_MESSAGE.startsWith(text)).toBe(true);
    expect(text.length).toBeLessThan(LONG_MESSAGE.length / 2);
    const last = parts.at(-1);
    expect(last?.type).toBe('error');
    expect(last?.type === 'error' && last.error).toMatchObject({ kind: 'cancelled' });
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
    await waitUntil(idle);

    const full = await model.doGenerate(callOptions('again'));
    expect(generatedText(full.content)).toBe(LONG_MESSAGE);
  });

  test('a reader that cancels the stream frees the sequence, and doGenerate aborts too', async () => {
    const model = engine.languageModel(longModelPath);
    const { stream } = await model.doStream(callOptions('go'));
    const reader = stream.getReader();
    for (let read = 0; read < 5; read++) await reader.read();
    await reader.cancel();
    await waitUntil(idle);

    const controller = new AbortController();
    // The full 400-token answer takes ~400 ms here; 20 ms lands in the middle of generation.
    setTimeout(() => controller.abort(), 20);
    const cancelled = await failure(model.doGenerate(callOptions('go', { abortSignal: controller.signal })));
    expect(cancelled.kind).toBe('cancelled');
    await waitUntil(idle);
  });

  test('a prompt longer than the context window is a context-length error, thrown before streaming', async () => {
    const model = engine.languageModel('conclave-demo');
    const prompt = 'x '.repeat(2000);
    expect(await failure(model.doGenerate(callOptions(prompt)))).toMatchObject({ kind: 'context-length' });
    const streamFailure = await failure(model.doStream(callOptions(prompt)));
    expect(streamFailure.message).toMatch(/^The prompt is \d+ tokens but conclave-demo holds \d+ tokens/);
    await waitUntil(idle);
  });

  test('an answer that reaches the end of the context window is cut with finish reason "length"', async () => {
    const model = engine.languageModel('conclave-demo');
    // Each "x" is one byte-fallback token, so the prompt can be sized to leave room for exactly 2 tokens.
    const singleX =
      (await model.doGenerate(callOptions('x', { maxOutputTokens: 1 }))).usage.inputTokens.total ?? 0;
    const result = await model.doGenerate(callOptions('x'.repeat(512 - 2 - singleX + 1)));
    expect(result.usage.inputTokens.total).toBe(510);
    expect(generatedText(result.content)).toBe('Hello! I');
    expect(result.finishReason).toEqual({ unified: 'length', raw: 'maxTokens' });
  });

  test('an unknown model is not-found, with the local models as a hint', async () => {
    const missing = await failure(engine.languageModel('nope').doGenerate(callOptions('hi')));
    expect(missing.kind).toBe('not-found');
    expect(missing.hint).toMatch(/^Local models: conclave-demo, long\//);
  });

  test('unloads idle models to stay within the memory budget', async () => {
    const budgetDir = await mkdtemp(path.join(tmpdir(), 'conclave-budget-'));
    const first = await ensureDemoModel(budgetDir);
    const second = await ensureDemoModel(budgetDir, SHORT_MESSAGE);
    const small = createEmbeddedEngine({
      modelsDir: budgetDir,
      threads: 1,
      contextSize: 256,
      memoryBudgetBytes: 400_000,
    });
    try {
      expect(generatedText((await small.languageModel(first).doGenerate(callOptions('a'))).content)).toBe(
        DEMO_MODEL_MESSAGE,
      );
      expect(generatedText((await small.languageModel(second).doGenerate(callOptions('b'))).content)).toBe(
        SHORT_MESSAGE,
      );
      expect(small.loadedModels().map((loaded) => loaded.path)).toEqual([second]);
    } finally {
      await small.close();
    }
  });

  test('without node-llama-cpp every call fails clearly and nothing else breaks', async () => {
    const missingModule = Object.assign(new Error("Cannot find package 'node-llama-cpp'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const bare = createEmbeddedEngine({ modelsDir, importNodeLlamaCpp: () => Promise.reject(missingModule) });
    const unavailable = await failure(bare.languageModel('conclave-demo').doGenerate(callOptions('hi')));
    expect(unavailable.message).toBe('The embedded llama.cpp engine is not installed.');
    expect(unavailable.hint).toBe('Run: npm install node-llama-cpp');
    expect(unavailable.kind).toBe('unavailable');
    expect(await failure(bare.languageModel('conclave-demo').doStream(callOptions('hi')))).toMatchObject({
      kind: 'unavailable',
    });
    expect((await bare.listModelFiles()).length).toBe(2);
    await bare.close();
  });

  test('close() stops a generation in flight (each call is linked to the shutdown until it ends)', async () => {
    const closing = createEmbeddedEngine({ modelsDir, threads: 1, contextSize: 512 });
    const { stream } = await closing.languageModel(longModelPath).doStream(callOptions('tell me everything'));
    const reader = stream.getReader();
    let text = '';
    while (!text) {
      const next = await reader.read();
      if (next.done) break;
      if (next.value.type === 'text-delta') text += next.value.delta;
    }
    expect(text).not.toBe('');
    await closing.close();
    const rest: LanguageModelV4StreamPart[] = [];
    const ended = await (async () => {
      while (true) {
        const next = await reader.read();
        if (next.done) return 'done';
        rest.push(next.value);
      }
    })().catch(() => 'errored');
    const fullText = text + streamedText(rest);
    expect(['done', 'errored']).toContain(ended);
    expect(LONG_MESSAGE.startsWith(fullText)).toBe(true);
    expect(fullText.length).toBeLessThan(LONG_MESSAGE.length);
    expect(rest.some((part) => part.type === 'finish')).toBe(false);
  });

  test('close() refuses further requests', async () => {
    const closing = createEmbeddedEngine({ modelsDir, threads: 1, contextSize: 256 });
    await closing.languageModel('conclave-demo').doGenerate(callOptions('hi'));
    await closing.close();
    expect(closing.loadedModels()).toEqual([]);
    expect(await failure(closing.languageModel('conclave-demo').doGenerate(callOptions('hi')))).toMatchObject(
      { kind: 'unavailable' },
    );
  });
});
