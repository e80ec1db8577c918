import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from '../fakes/fake-upstream.js';
import { collectStream, createFakeModel, mapFailure, toolRoundTrip, userPrompt } from './provider-harness.js';

const fake: FakeUpstream = await startFakeUpstream();
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const MODEL = 'claude-3-5-haiku-latest';
const model = () => createFakeModel(fake, 'anthropic', MODEL);
const mapped = (error: unknown) => mapFailure(error, 'anthropic', MODEL);

describe('Anthropic Messages on the wire', () => {
  it('doGenerate posts to /v1/messages with x-api-key and anthropic-version', async () => {
    await model().doGenerate(userPrompt('Hi'));
    const [request] = fake.requests;
    expect(request?.path).toBe('/v1/messages');
    expect(request?.headers['x-api-key']).toBe('sk-ant-fake');
    expect(request?.headers['anthropic-version']).toBe('2023-06-01');
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.body).toMatchInlineSnapshot(`
      {
        "max_tokens": 4096,
        "messages": [
          {
            "content": [
              {
                "text": "Hi",
                "type": "text",
              },
            ],
            "role": "user",
          },
        ],
        "model": "claude-3-5-haiku-latest",
      }
    `);
  });

  it('doStream sets stream: true', async () => {
    await collectStream(model(), userPrompt('Hi'));
    expect(fake.requests[0]?.body).toMatchObject({ model: MODEL, stream: true });
  });

  it('sends the system prompt apart and a tool round trip as tool_use + tool_result blocks', async () => {
    await model().doGenerate(toolRoundTrip());
    expect(fake.requests[0]?.body).toMatchInlineSnapshot(`
      {
        "max_tokens": 200,
        "messages": [
          {
            "content": [
              {
                "text": "Weather in Paris?",
                "type": "text",
              },
            ],
            "role": "user",
          },
          {
            "content": [
              {
                "id": "call_1",
                "input": {
                  "city": "Paris",
                },
                "name": "get_weather",
                "type": "tool_use",
              },
            ],
            "role": "assistant",
          },
          {
            "content": [
              {
                "content": "{"celsius":21}",
                "tool_use_id": "call_1",
                "type": "tool_result",
              },
            ],
            "role": "user",
          },
        ],
        "model": "claude-3-5-haiku-latest",
        "system": [
          {
            "text": "Answer in one sentence.",
            "type": "text",
          },
        ],
        "temperature": 0.2,
        "tools": [
          {
            "description": "Current weather for a city.",
            "input_schema": {
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
            "name": "get_weather",
          },
        ],
      }
    `);
  });
});

describe('Anthropic specifics', () => {
  it('an overloaded_error event before any output is thrown by doStream as 529 → overloaded', async () => {
    fake.script({ text: 'never sent', fault: { type: 'stream-error', afterChunks: 0, error: 'overloaded' } });
    const collected = await collectStream(model(), userPrompt('Hi'));
    expect(collected.parts).toEqual([]);
    expect(mapped(collected.thrown)).toMatchObject({ kind: 'overloaded', retryable: true, status: 529 });
  });

  // After the first token the event arrives as an error part (a provider-stream-error object), not a throw.
  it('an overloaded_error event mid-stream → overloaded with status 529', async () => {
    fake.script({
      text: 'Hello brave world',
      fault: { type: 'stream-error', afterChunks: 1, error: 'overloaded' },
    });
    const collected = await collectStream(model(), userPrompt('Hi'));
    expect(collected.text).toBe('Hello');
    expect(mapped(collected.errorParts[0])).toMatchObject({
      kind: 'overloaded',
      retryable: true,
      status: 529,
    });
  });

  it('a refusal stop_reason is a content-filter finish', async () => {
    fake.script({ text: 'I cannot help with that.', finishReason: 'content-filter' });
    const collected = await collectStream(model(), userPrompt('Hi'));
    expect(collected.finish?.finishReason).toEqual({ unified: 'content-filter', raw: 'refusal' });
  });

  it('"Output blocked by content filtering policy" → content-filter, not retryable', async () => {
    fake.script({ error: 'content-filter' });
    await expect(model().doGenerate(userPrompt('Hi'))).rejects.toSatisfy(
      (error) => mapped(error).kind === 'content-filter' && !mapped(error).retryable,
    );
  });
});
