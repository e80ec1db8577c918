import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmbeddingModel } from '../../src/providers/create-embedding-model.js';
import { createLanguageModel } from '../../src/providers/create-language-model.js';
import { type FakeUpstream, startFakeUpstream } from '../fakes/fake-upstream.js';
import {
  collectStream,
  createFakeModel,
  resolveConfiguredProvider,
  resolveFakeProvider,
  toolRoundTrip,
  userPrompt,
} from './provider-harness.js';

const fake: FakeUpstream = await startFakeUpstream();
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const MODEL = 'llama3.2:3b';
const model = () => createFakeModel(fake, 'ollama', MODEL);

const ollamaAt = (baseURL: string) => resolveConfiguredProvider('ollama', { baseURL });

// Chat goes through Ollama's OpenAI-compatible layer (/v1); only discovery speaks the native /api/*.
describe('Ollama chat on the wire (/v1, OpenAI Chat Completions)', () => {
  it('resolves as a keyless local provider at the root URL', () => {
    expect(resolveFakeProvider(fake, 'ollama')).toMatchObject({
      kind: 'ollama',
      location: 'local',
      baseURL: fake.url,
      apiKey: undefined,
    });
  });

  it('doGenerate posts the OpenAI chat body to /v1/chat/completions without credentials', async () => {
    const result = await model().doGenerate(userPrompt('Hi'));
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/chat/completions', protocol: 'openai' });
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.body).toMatchInlineSnapshot(`
      {
        "messages": [
          {
            "content": "Hi",
            "role": "user",
          },
        ],
        "model": "llama3.2:3b",
      }
    `);
    expect(result.content).toEqual([
      expect.objectContaining({ type: 'text', text: 'Hello from the fake upstream.' }),
    ]);
  });

  it('doStream asks for a final usage chunk and reads the SSE answer', async () => {
    fake.script({ text: 'Hello brave world', usage: { input: 4, output: 3 } });
    const collected = await collectStream(model(), userPrompt('Hi'));
    expect(fake.requests[0]?.body).toMatchObject({
      model: MODEL,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(collected.text).toBe('Hello brave world');
    expect(collected.finish?.finishReason.unified).toBe('stop');
    expect([collected.finish?.usage.inputTokens.total, collected.finish?.usage.outputTokens.total]).toEqual([
      4, 3,
    ]);
  });

  it('sends a tool round trip as tool_calls with JSON-string arguments and a tool message', async () => {
    await model().doGenerate(toolRoundTrip());
    // Ollama accepts `content: null` only on an assistant message that carries tool_calls, as here.
    expect(fake.requests[0]?.body).toMatchInlineSnapshot(`
      {
        "max_tokens": 200,
        "messages": [
          {
            "content": "Answer in one sentence.",
            "role": "system",
          },
          {
            "content": "Weather in Paris?",
            "role": "user",
          },
          {
            "content": null,
            "role": "assistant",
            "tool_calls": [
              {
                "function": {
                  "arguments": "{"city":"Paris"}",
                  "name": "get_weather",
                },
                "id": "call_1",
                "type": "function",
              },
            ],
          },
          {
            "content": "{"celsius":21}",
            "role": "tool",
            "tool_call_id": "call_1",
          },
        ],
        "model": "llama3.2:3b",
        "temperature": 0.2,
        "tools": [
          {
            "function": {
              "description": "Current weather for a city.",
              "name": "get_weather",
              "parameters": {
                "additionalProperties": false,
                "properties": {
                  "city": {
                    "type": "string",
                  },
                },
                "required": [
                  "city",
                ],
                "type": "object",
              },
            },
            "type": "function",
          },
        ],
      }
    `);
  });

  it('sends maxOutputTokens and temperature top-level, where Ollama /v1 maps them to its options', async () => {
    // Ollama's OpenAI layer turns max_tokens into options.num_predict and temperature into options.temperature.
    await model().doGenerate(toolRoundTrip());
    expect(fake.requests[0]?.body).toMatchObject({ max_tokens: 200, temperature: 0.2 });
    expect(fake.requests[0]?.body).not.toHaveProperty('options');
  });

  it.each(['', '/', '/api', '/api/'])('base URL "<root>%s" reaches /v1/chat/completions', async (suffix) => {
    const provider = ollamaAt(`${fake.url}${suffix}`);
    await createLanguageModel({ provider, providerModelId: MODEL }).doGenerate(userPrompt('Hi'));
    expect(fake.requests[0]?.path).toBe('/v1/chat/completions');
  });

  // Bug (create-language-model, stripSlash): only a trailing /api is removed, so the base URL Ollama's own
  // OpenAI-compatibility docs show (http://localhost:11434/v1) becomes …/v1/v1/chat/completions → 404.
  it('base URL "<root>/v1" (as Ollama documents it for OpenAI clients) is not doubled', async () => {
    const provider = ollamaAt(`${fake.url}/v1`);
    await createLanguageModel({ provider, providerModelId: MODEL }).doGenerate(userPrompt('Hi'));
    expect(fake.requests[0]?.path).toBe('/v1/chat/completions');
  });
});

describe('Ollama embeddings on the wire (/v1/embeddings)', () => {
  it('posts every value in one request and returns one vector per value, in order', async () => {
    const embedder = createEmbeddingModel({
      provider: resolveFakeProvider(fake, 'ollama'),
      providerModelId: 'nomic-embed-text',
    });
    const result = await embedder.doEmbed({ values: ['first text', 'second text'] });
    const [request] = fake.requests;
    expect(request).toMatchObject({ path: '/v1/embeddings', route: 'embeddings' });
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.body).toMatchInlineSnapshot(`
      {
        "encoding_format": "float",
        "input": [
          "first text",
          "second text",
        ],
        "model": "nomic-embed-text",
      }
    `);
    expect(result.embeddings).toHaveLength(2);
    expect(result.embeddings[0]).toHaveLength(8);
    expect(result.usage?.tokens).toBe(4);
    const alone = await embedder.doEmbed({ values: ['second text'] });
    expect(result.embeddings[1]).toEqual(alone.embeddings[0]);
    expect(result.embeddings[0]).not.toEqual(alone.embeddings[0]);
  });
});
