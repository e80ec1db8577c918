import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from '../fakes/fake-upstream.js';
import {
  collectStream,
  createFakeModel,
  mapFailure,
  resolveFakeProvider,
  userPrompt,
} from './provider-harness.js';

const fake: FakeUpstream = await startFakeUpstream();
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const MODEL = 'llama-3.1-8b-instant';
const model = () => createFakeModel(fake, 'openai-compatible', MODEL);

describe('OpenAI-compatible preset (Groq) on the wire', () => {
  it('resolves the groq preset as openai-compatible with the overridden base URL', () => {
    expect(resolveFakeProvider(fake, 'openai-compatible')).toMatchObject({
      name: 'groq',
      kind: 'openai-compatible',
      baseURL: `${fake.url}/openai/v1`,
      configured: true,
      location: 'external',
    });
  });

  it('doStream posts under the preset prefix with the bearer key and include_usage', async () => {
    await collectStream(model(), userPrompt('Hi'));
    const [request] = fake.requests;
    expect(request?.path).toBe('/openai/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer gsk_fake');
    expect(request?.body).toMatchInlineSnapshot(`
      {
        "messages": [
          {
            "content": "Hi",
            "role": "user",
          },
        ],
        "model": "llama-3.1-8b-instant",
        "stream": true,
        "stream_options": {
          "include_usage": true,
        },
      }
    `);
  });

  it('a stream ending without finish_reason/[DONE] is an error part and an error finish', async () => {
    fake.script({ text: 'Hello brave world', fault: 'no-done' });
    const collected = await collectStream(model(), userPrompt('Hi'));
    expect(collected.finish?.finishReason.unified).toBe('error');
    expect(mapFailure(collected.errorParts[0], 'openai-compatible', MODEL)).toMatchObject({
      kind: 'upstream',
      retryable: true,
    });
  });

  it('content policy rejection → content-filter, not retryable', async () => {
    fake.script({ error: 'content-filter' });
    const collected = await collectStream(model(), userPrompt('Hi'));
    expect(mapFailure(collected.thrown, 'openai-compatible', MODEL)).toMatchObject({
      kind: 'content-filter',
      retryable: false,
    });
  });
});
