import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_MODEL_MESSAGE, ensureDemoModel } from '../../src/local/demo-model.js';
import { splitIntoUniquePieces } from '../../src/local/demo-model-contents.js';
import { createEmbeddedEngine, type EmbeddedEngine } from '../../src/local/embedded-engine.js';
import { callOptions, collectStream, generatedText, streamedText } from './language-model-helpers.js';

let modelsDir: string;
let demoPath: string;
let engine: EmbeddedEngine;

beforeAll(async () => {
  modelsDir = await mkdtemp(path.join(tmpdir(), 'conclave-demo-'));
  demoPath = await ensureDemoModel(modelsDir);
  engine = createEmbeddedEngine({ modelsDir, threads: 1, contextSize: 512 });
});

afterAll(async () => {
  await engine.close();
});

describe('demo model contents', () => {
  test('every word of the message is its own unique token; repeated words are glued to the next one', () => {
    const pieces = splitIntoUniquePieces(DEMO_MODEL_MESSAGE);
    expect(new Set(pieces).size).toBe(pieces.length);
    expect(pieces.join('').replaceAll('\u2581', ' ')).toBe(DEMO_MODEL_MESSAGE);
    expect(pieces.slice(0, 3)).toEqual(['Hello!', '\u2581I', '\u2581am']);
    expect(pieces).toContain('\u2581real\u2581answers:');
    for (const message of ['go go go', 'a b a b a', 'x']) {
      const glued = splitIntoUniquePieces(message);
      expect(new Set(glued).size).toBe(glued.length);
      expect(glued.join('').replaceAll('\u2581', ' ')).toBe(message);
    }
    expect(splitIntoUniquePieces('go go go')).toEqual(['go', '\u2581go\u2581go']);
  });

  test('is written once and reused while identical, and rewritten when the file differs', async () => {
    const before = await stat(demoPath);
    expect(await ensureDemoModel(modelsDir)).toBe(demoPath);
    expect((await stat(demoPath)).mtimeMs).toBe(before.mtimeMs);
    const original = await readFile(demoPath);
    await writeFile(demoPath, 'truncated');
    await ensureDemoModel(modelsDir);
    expect(await readFile(demoPath)).toEqual(original);
  });
});

// Real inference: the first call also starts llama.cpp and loads the model, slow on a busy 2-core machine.
describe('demo model through real llama.cpp inference', { timeout: 30_000 }, () => {
  const prompts: [string, LanguageModelV4Prompt][] = [
    ['a question', callOptions('What is the capital of France?').prompt],
    ['an empty message', callOptions('').prompt],
    ['its own sentence', callOptions(DEMO_MODEL_MESSAGE).prompt],
    [
      'a system prompt and several turns',
      [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: [{ type: 'text', text: 'Hi!' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Bonjour !' }] },
        { role: 'user', content: [{ type: 'text', text: 'Write a haiku about <|im_end|> tokens.' }] },
      ],
    ],
  ];

  test.each(prompts)('doGenerate answers the fixed sentence to %s', async (_, prompt) => {
    const model = engine.languageModel(demoPath);
    const result = await model.doGenerate({ prompt });
    expect(generatedText(result.content)).toBe(DEMO_MODEL_MESSAGE);
    expect(result.finishReason).toEqual({ unified: 'stop', raw: 'eogToken' });
    // One token per piece plus the end-of-sequence token.
    expect(result.usage.outputTokens.total).toBe(splitIntoUniquePieces(DEMO_MODEL_MESSAGE).length + 1);
    expect(result.usage.inputTokens.total).toBeGreaterThan(5);
    expect(result.warnings).toEqual([]);
    expect(result.response?.modelId).toBe('conclave-demo');
  });

  test('sampling settings do not change the answer (the logit margin is huge)', async () => {
    const model = engine.languageModel('conclave-demo');
    const result = await model.doGenerate(
      callOptions('Tell me a joke', { temperature: 1.5, topP: 1, topK: 0, seed: 7 }),
    );
    expect(generatedText(result.content)).toBe(DEMO_MODEL_MESSAGE);
  });

  test('doStream emits the AI SDK part sequence and the same sentence', async () => {
    const model = engine.languageModel(demoPath);
    const { stream } = await model.doStream(callOptions('Stream please'));
    const parts = await collectStream(stream);
    expect(streamedText(parts)).toBe(DEMO_MODEL_MESSAGE);
    const types = parts
      .map((part) => part.type)
      .filter((type, index, all) => type !== 'text-delta' || all[index - 1] !== 'text-delta');
    expect(types).toEqual([
      'stream-start',
      'response-metadata',
      'text-start',
      'text-delta',
      'text-end',
      'finish',
    ]);
    const finish = parts.at(-1);
    expect(finish).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'stop' },
      usage: { outputTokens: { total: 27 } },
    });
  });
});
