import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from '../fakes/fake-upstream.js';
import {
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

const MODEL = 'gemini-2.0-flash';
const model = () => createFakeModel(fake, 'google', MODEL);
const mapped = (error: unknown) => mapFailure(error, 'google', MODEL);

describe('Gemini generateContent on the wire', () => {
  it('doGenerate posts to models/{model}:generateContent with x-goog-api-key', async () => {
    await model().doGenerate(userPrompt('Hi'));
    const [request] = fake.requests;
    expect(request?.path).toBe(`/v1beta/models/${MODEL}:generateContent`);
    expect(request?.headers['x-goog-api-key']).toBe('fake-gemini-key');
    expect(request?.body).toMatchInlineSnapshot(`
      {
        "contents": [
          {
            "parts": [
              {
                "text": "Hi",
              },
            ],
            "role": "user",
          },
        ],
        "generationConfig": {},
      }
    `);
  });

  it('doStream uses :streamGenerateContent?alt=sse', async () => {
    await collectStream(model(), userPrompt('Hi'));
    expect(fake.requests[0]).toMatchObject({
      path: `/v1beta/models/${MODEL}:streamGenerateContent`,
      query: { alt: 'sse' },
      stream: true,
    });
  });

  it('sends systemInstruction, functionDeclarations and a functionCall/functionResponse round trip', async () => {
    await model().doGenerate(toolRoundTrip());
    expect(fake.requests[0]?.body).toMatchInlineSnapshot(`
      {
        "contents": [
          {
            "parts": [
              {
                "text": "Weather in Paris?",
              },
            ],
            "role": "user",
          },
          {
            "parts": [
              {
                "functionCall": {
                  "args": {
                    "city": "Paris",
                  },
                  "id": "call_1",
                  "name": "get_weather",
                },
              },
            ],
            "role": "model",
          },
          {
            "parts": [
              {
                "functionResponse": {
                  "id": "call_1",
                  "name": "get_weather",
                  "response": {
                    "content": {
                      "celsius": 21,
                    },
                    "name": "get_weather",
                  },
                },
              },
            ],
            "role": "user",
          },
        ],
        "generationConfig": {
          "maxOutputTokens": 200,
          "temperature": 0.2,
        },
        "systemInstruction": {
          "parts": [
            {
              "text": "Answer in one sentence.",
            },
          ],
        },
        "tools": [
          {
            "functionDeclarations": [
              {
                "description": "Current weather for a city.",
                "name": "get_weather",
                "parametersJsonSchema": {
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
            ],
          },
        ],
      }
    `);
  });
});

describe('Gemini specifics', () => {
  it('a blocked prompt (200 + promptFeedback.blockReason) is a content-filter finish', async () => {
    fake.script({ error: 'content-filter' }, { error: 'content-filter' });
    const generated = await model().doGenerate(userPrompt('Hi'));
    expect(generated.finishReason.unified).toBe('content-filter');
    const streamed = await collectStream(model(), userPrompt('Hi'));
    expect(streamed.text).toBe('');
    expect(streamed.finish?.finishReason).toEqual({ unified: 'content-filter', raw: 'SAFETY' });
  });

  it('a SAFETY finish mid-answer is content-filter, not stop', async () => {
    fake.script({ text: 'Partial answer', finishReason: 'content-filter' });
    const collected = await collectStream(model(), userPrompt('Hi'));
    expect(collected.finish?.finishReason).toEqual({ unified: 'content-filter', raw: 'SAFETY' });
  });

  // Gemini rejects a bad key with 400 INVALID_ARGUMENT "API key not valid", so the status alone says bad-request.
  it('an invalid API key (400 API_KEY_INVALID) → auth, not retryable', async () => {
    fake.script({ error: 'invalid-api-key' });
    expect(mapped(await generateFailure(model(), userPrompt('Hi')))).toMatchObject({
      kind: 'auth',
      retryable: false,
    });
  });

  // Gemini sends its wait in error.details[RetryInfo].retryDelay, not in a Retry-After header.
  it('a 429 with RetryInfo retryDelay "20s" → rate-limit, retryable, retryAfterMs 20000', async () => {
    fake.script({ error: 'rate-limit' });
    expect(mapped(await generateFailure(model(), userPrompt('Hi')))).toMatchObject({
      kind: 'rate-limit',
      retryable: true,
      retryAfterMs: 20_000,
    });
  });

  it('a daily quota 429 stays non-retryable', async () => {
    fake.script({ error: 'quota' });
    expect(mapped(await generateFailure(model(), userPrompt('Hi')))).toMatchObject({
      kind: 'rate-limit',
      retryable: false,
    });
  });
});
