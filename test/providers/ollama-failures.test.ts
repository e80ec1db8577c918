import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createLanguageModel } from '../../src/providers/create-language-model.js';
import { closedPortURL } from '../fakes/closed-port-url.js';
import { type FakeUpstream, startFakeUpstream } from '../fakes/fake-upstream.js';
import {
  classify,
  collectStream,
  createFakeModel,
  generateFailure,
  mapFailure,
  resolveConfiguredProvider,
  userPrompt,
} from './provider-harness.js';

const fake: FakeUpstream = await startFakeUpstream();
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const MODEL = 'llama3.2:3b';
const model = () => createFakeModel(fake, 'ollama', MODEL);
const mapped = (error: unknown) => {
  expect(error).toBeDefined();
  return classify(mapFailure(error, 'ollama', MODEL));
};

// The kinds every provider shares are in provider-failures; these are the failures peculiar to a local Ollama.
describe('Ollama failures → ConclaveError', () => {
  it('Ollama not running (connection refused) → network, retryable, for generate and stream', async () => {
    const provider = resolveConfiguredProvider('ollama', { baseURL: await closedPortURL() });
    const offline = createLanguageModel({ provider, providerModelId: MODEL });
    expect(mapped(await generateFailure(offline, userPrompt('Hi')))).toMatchObject({
      kind: 'network',
      retryable: true,
      status: undefined,
    });
    const collected = await collectStream(offline, userPrompt('Hi'));
    expect(collected.parts).toEqual([]);
    expect(mapped(collected.thrown)).toMatchObject({ kind: 'network', retryable: true });
  });

  it('a model that is not pulled (404 "try pulling it first") → not-found, not retryable', async () => {
    // Ollama's /v1 error body: { error: { message, type: 'not_found_error', param: null, code: null } }.
    fake.script({
      status: 404,
      error: { message: `model "${MODEL}" not found, try pulling it first`, type: 'not_found_error' },
    });
    expect(mapped(await generateFailure(model(), userPrompt('Hi')))).toEqual({
      kind: 'not-found',
      retryable: false,
      status: 404,
      retryAfterMs: undefined,
    });
  });

  it('a crashed runner (500 api_error) → upstream, retryable', async () => {
    fake.script({
      status: 500,
      error: { message: 'llama runner process has terminated: exit status 2', type: 'api_error' },
    });
    expect(mapped(await generateFailure(model(), userPrompt('Hi')))).toMatchObject({
      kind: 'upstream',
      retryable: true,
      status: 500,
    });
  });

  it('a failure mid-answer (the SSE stream just ends) → an error finish with an upstream error part', async () => {
    // Ollama's /v1 layer does not turn the native {"error": …} line into an SSE error event; the client
    // sees chunks, then the end of the body without finish_reason or [DONE]. It must never read as 'stop'.
    fake.script({ text: 'Hello brave world', fault: 'no-done' });
    const collected = await collectStream(model(), userPrompt('Hi'));
    expect(collected.text).toBe('Hello brave world');
    expect(collected.thrown).toBeUndefined();
    expect(collected.finish?.finishReason.unified).toBe('error');
    expect(collected.errorParts).toHaveLength(1);
    expect(mapped(collected.errorParts[0])).toMatchObject({ kind: 'upstream', retryable: true });
  });
});
