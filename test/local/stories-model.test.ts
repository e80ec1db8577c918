import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createEmbeddedEngine, type EmbeddedEngine } from '../../src/local/embedded-engine.js';
import { callOptions, collectStream, generatedText, streamedText } from './language-model-helpers.js';

// A real trained 260K-parameter TinyStories llama, shipped next to the project on developer/CI machines.
const STORIES_PATH = path.resolve(process.cwd(), '../shared/models/stories260K.gguf');
const present = existsSync(STORIES_PATH);
if (!present) console.warn(`Skipping the stories260K tests: ${STORIES_PATH} is absent.`);

let engine: EmbeddedEngine;

beforeAll(() => {
  engine = createEmbeddedEngine({ modelsDir: path.dirname(STORIES_PATH), threads: 1, contextSize: 512 });
});

afterAll(async () => {
  await engine.close();
});

// stories260K has no chat template, so the conversation is sent as plain text and continued (see
// plain-text-chat-wrapper.ts): a lone user message is completed exactly like a raw completion prompt.
describe.skipIf(!present)(
  'stories260K (template-less) through real llama.cpp inference',
  { timeout: 30_000 },
  () => {
    test('greedy decoding continues "Once upon a time" with the story the model learned', async () => {
      const model = engine.languageModel('stories260K');
      const result = await model.doGenerate(
        callOptions('Once upon a time', { temperature: 0, maxOutputTokens: 30 }),
      );
      expect(generatedText(result.content)).toMatch(
        /^, there was a little girl named Lily\. She loved to play outside/,
      );
      expect(result.finishReason.unified).toBe('length');
      expect(result.usage.outputTokens.total).toBe(30);
      // BOS + "Once upon a time" (" Once", " upon", " a", " time" in the SentencePiece vocabulary and more).
      expect(result.usage.inputTokens.total).toBeGreaterThanOrEqual(5);

      const { stream } = await model.doStream(
        callOptions('Once upon a time', { temperature: 0, maxOutputTokens: 30 }),
      );
      expect(streamedText(await collectStream(stream))).toBe(generatedText(result.content));
    });

    test('stop sequences end the answer before the stop text', async () => {
      const result = await engine
        .languageModel('stories260K')
        .doGenerate(
          callOptions('Once upon a time', { temperature: 0, maxOutputTokens: 100, stopSequences: ['Lily'] }),
        );
      expect(generatedText(result.content)).toBe(', there was a little girl named ');
      expect(result.finishReason).toEqual({ unified: 'stop', raw: 'customStopTrigger' });
    });

    test('a JSON response format constrains the output with a grammar from the schema', async () => {
      const schema = {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        properties: { name: { type: 'string' } },
        required: ['name'],
        additionalProperties: false,
      } as const;
      const result = await engine.languageModel('stories260K').doGenerate(
        callOptions('Once upon a time', {
          temperature: 0,
          maxOutputTokens: 60,
          responseFormat: { type: 'json', schema },
        }),
      );
      const parsed: unknown = JSON.parse(generatedText(result.content));
      expect(parsed).toEqual({ name: expect.any(String) });
      expect(result.warnings).toEqual([]);
    });

    test('seeded sampling is reproducible', async () => {
      const model = engine.languageModel('stories260K');
      const sample = async () =>
        generatedText(
          (
            await model.doGenerate(
              callOptions('Once upon a time', { temperature: 1, seed: 42, maxOutputTokens: 20 }),
            )
          ).content,
        );
      expect(await sample()).toBe(await sample());
    });
  },
);
