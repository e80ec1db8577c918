import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from '../fakes/fake-upstream.js';
import {
  classify,
  collectStream,
  createFakeModel,
  generateFailure,
  mapFailure,
  toolRoundTrip,
  userPrompt,
} from './provider-harness.js';

const fake: FakeUpstream = await startFakeUpstream();
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const model = (id = 'gpt-4o-mini') => createFakeModel(fake, 'openai', id);

describe('OpenAI Chat Completions on the wire', () => {
  it('doGenerate posts model and messages to /v1/chat/completions with the bearer key', async () => {
    await model().doGenerate(userPrompt('Hi'));
    const [request] = fake.requests;
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer sk-fake-openai');
    expect(request?.body).toMatchInlineSnapshot(`
      {
        "messages": [
          {
            "content": "Hi",
            "role": "user",
          },
        ],
        "model": "gpt-4o-mini",
      }
    `);
  });

  it('doStream asks for a stream with a final usage chunk', async () => {
    await collectStream(model(), userPrompt('Hi'));
    expect(fake.requests[0]?.body).toMatchInlineSnapshot(`
      {
        "messages": [
          {
            "content": "Hi",
            "role": "user",
          },
        ],
        "model": "gpt-4o-mini",
        "stream": true,
        "stream_options": {
          "include_usage": true,
        },
      }
    `);
  });

  it('sends tools as functions and a tool round trip as tool_calls + tool messages', async () => {
    await model().doGenerate(toolRoundTrip());
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
        "model": "gpt-4o-mini",
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
});

describe('OpenAI specifics', () => {
  it('insufficient_quota 429 → rate-limit that is not worth retrying', async () => {
    fake.script({ error: 'quota' });
    expect(
      classify(mapFailure(await generateFailure(model(), userPrompt('Hi')), 'openai', 'gpt-4o-mini')),
    ).toEqual({
      kind: 'rate-limit',
      retryable: false,
      status: 429,
      retryAfterMs: undefined,
    });
  });

  it('content_policy_violation → content-filter, not retryable', async () => {
    fake.script({ error: 'content-filter' });
    const error = mapFailure(await generateFailure(model(), userPrompt('Hi')), 'openai', 'gpt-4o-mini');
    expect(classify(error)).toMatchObject({ kind: 'content-filter', retryable: false, status: 400 });
  });

  it('a content_filter finish is reported as content-filter, not stop', async () => {
    fake.script({ text: 'Partial', finishReason: 'content-filter' });
    const collected = await collectStream(model(), userPrompt('Hi'));
    expect(collected.finish?.finishReason).toEqual({ unified: 'content-filter', raw: 'content_filter' });
  });

  it('an error frame before any output is thrown by doStream with its status', async () => {
    fake.script({ text: 'never sent', fault: { type: 'stream-error', afterChunks: 0, error: 'rate-limit' } });
    const collected = await collectStream(model(), userPrompt('Hi'));
    expect(collected.parts).toEqual([]);
    expect(mapFailure(collected.thrown, 'openai', 'gpt-4o-mini')).toMatchObject({
      kind: 'rate-limit',
      status: 429,
    });
  });

  it('one fake plays two models: a failing primary and an answering fallback', async () => {
    fake.scriptFor('gpt-4o', { status: 500 }).scriptFor('gpt-4o-mini', { text: 'from mini' });
    await expect(model('gpt-4o').doGenerate(userPrompt('Hi'))).rejects.toThrow();
    const result = await model('gpt-4o-mini').doGenerate(userPrompt('Hi'));
    expect(result.content).toEqual([{ type: 'text', text: 'from mini' }]);
    expect(fake.requests.map((request) => request.model)).toEqual(['gpt-4o', 'gpt-4o-mini']);
  });
});
