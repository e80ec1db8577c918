import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createEmbeddedEngine, type EmbeddedEngine } from '../../src/local/embedded-engine.js';
import { createPlainTextChatWrapper } from '../../src/local/plain-text-chat-wrapper.js';
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

// Function calling through real inference. stories260K was never trained to call tools, so its chat format is
// given a call prefix it produces by itself: greedy decoding of "Once upon a time," starts with " there".
// node-llama-cpp then constrains the function name and the JSON arguments with a grammar from the schema.
describe.skipIf(!present)('tool calls from a local model (real llama.cpp)', { timeout: 30_000 }, () => {
  let toolEngine: EmbeddedEngine;
  beforeAll(() => {
    toolEngine = createEmbeddedEngine({
      modelsDir: path.dirname(STORIES_PATH),
      threads: 1,
      contextSize: 512,
      chatWrapperFor: (_modelPath, llamaCpp) => {
        const wrapper = createPlainTextChatWrapper(llamaCpp);
        const defaults = llamaCpp.ChatWrapper.defaultSettings;
        const call = { ...defaults.functions.call, prefix: ' there', paramsPrefix: '(', suffix: ')' };
        return Object.assign(wrapper, {
          settings: { ...defaults, functions: { ...defaults.functions, call } },
        });
      },
    });
  });
  afterAll(() => toolEngine.close());
  const tools = [
    {
      type: 'function' as const,
      name: 'get_weather',
      description: 'Weather for a city',
      inputSchema: {
        type: 'object' as const,
        properties: { city: { type: 'string' as const } },
        required: ['city'],
      },
    },
  ];

  test('a call the model makes comes back as a tool call with schema-valid JSON arguments', async () => {
    const model = toolEngine.languageModel('stories260K');
    const options = callOptions('Once upon a time,', { temperature: 0, maxOutputTokens: 60, tools });
    const result = await model.doGenerate(options);
    const call = result.content.find((part) => part.type === 'tool-call');
    expect(call).toMatchObject({
      type: 'tool-call',
      toolName: 'get_weather',
      toolCallId: expect.any(String),
    });
    const input = JSON.parse(call?.type === 'tool-call' ? call.input : '{}') as { city?: unknown };
    expect(typeof input.city).toBe('string');
    expect(result.finishReason.unified).toBe('tool-calls');

    const parts = await collectStream((await model.doStream(options)).stream);
    const streamed = parts.filter((part) => part.type.startsWith('tool-'));
    expect(streamed.map((part) => part.type)).toEqual([
      'tool-input-start',
      'tool-input-delta',
      'tool-input-end',
      'tool-call',
    ]);
    expect(streamed.at(-1)).toMatchObject({
      toolName: 'get_weather',
      input: call?.type === 'tool-call' ? call.input : '',
    });
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'tool-calls' } });
  });

  test('a nullable field (anyOf, as zod and the AI SDK write it) still gives a valid call', async () => {
    const result = await toolEngine.languageModel('stories260K').doGenerate(
      callOptions('Once upon a time,', {
        temperature: 0,
        maxOutputTokens: 120,
        tools: [
          {
            type: 'function',
            name: 'count',
            inputSchema: {
              type: 'object',
              properties: { n: { anyOf: [{ type: 'number' }, { type: 'null' }] } },
              required: ['n'],
            },
          },
        ],
      }),
    );
    const call = result.content.find((part) => part.type === 'tool-call');
    const input = JSON.parse(call?.type === 'tool-call' ? call.input : '{}') as { n?: unknown };
    expect(input.n === null || typeof input.n === 'number').toBe(true);
    expect(result.finishReason.unified).toBe('tool-calls');
  });

  test('tools with a JSON response format: JSON wins, the tools are not offered and a warning says so', async () => {
    const result = await toolEngine.languageModel('stories260K').doGenerate(
      callOptions('Once upon a time,', {
        temperature: 0,
        maxOutputTokens: 60,
        tools,
        toolChoice: { type: 'required' },
        responseFormat: {
          type: 'json',
          schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
        },
      }),
    );
    expect(result.content.some((part) => part.type === 'tool-call')).toBe(false);
    expect(result.warnings.map((warning) => warning.type === 'unsupported' && warning.feature)).toEqual([
      'toolChoice',
      'tools with a JSON response format',
    ]);
  });

  test('after the tool result comes back, the model continues its answer in text', async () => {
    const result = await toolEngine.languageModel('stories260K').doGenerate({
      prompt: [
        { role: 'user', content: [{ type: 'text', text: 'Once upon a time,' }] },
        {
          role: 'assistant',
          content: [
            { type: 'tool-call', toolCallId: 'c1', toolName: 'get_weather', input: { city: 'Paris' } },
          ],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'c1',
              toolName: 'get_weather',
              output: { type: 'text', value: 'sunny' },
            },
          ],
        },
      ],
      temperature: 0,
      maxOutputTokens: 20,
      toolChoice: { type: 'none' },
      tools,
    });
    expect(generatedText(result.content).trim().length).toBeGreaterThan(0);
    expect(result.content.some((part) => part.type === 'tool-call')).toBe(false);
    expect(['stop', 'length']).toContain(result.finishReason.unified);
  });
});
