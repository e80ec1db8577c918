import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from '../fakes/fake-upstream.js';
import {
  collectStream,
  createFakeModel,
  MODEL_IDS,
  type ProviderPath,
  userPrompt,
  weatherTool,
} from './provider-harness.js';

const fake: FakeUpstream = await startFakeUpstream();
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const PATHS = Object.keys(MODEL_IDS) as ProviderPath[];

// The same semantics through every provider package: what differs on the wire is in <provider>-request tests.
describe.each(PATHS)('%s through LanguageModelV4', (path) => {
  const modelId = MODEL_IDS[path];
  const model = () => createFakeModel(fake, path, modelId);

  it('doGenerate returns the text, a stop finish and the usage numbers', async () => {
    fake.script({ text: 'Hello brave world', usage: { input: 7, output: 3 } });
    const result = await model().doGenerate(userPrompt('Say hello'));
    expect(result.content).toEqual([expect.objectContaining({ type: 'text', text: 'Hello brave world' })]);
    expect(result.finishReason.unified).toBe('stop');
    expect([result.usage.inputTokens.total, result.usage.outputTokens.total]).toEqual([7, 3]);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ model: modelId, stream: false, route: 'chat' });
  });

  it('doStream delivers every text delta in order, then one finish part with usage', async () => {
    fake.script({ text: 'one two three four', usage: { input: 11, output: 4 } });
    const collected = await collectStream(model(), userPrompt('Count'));
    expect(collected.thrown).toBeUndefined();
    expect(collected.errorParts).toEqual([]);
    // Empty deltas are legal (the OpenAI role chunk); every word must arrive as its own delta.
    const deltas = collected.parts.filter((part) => part.type === 'text-delta' && part.delta !== '');
    expect(deltas).toHaveLength(4);
    expect(collected.text).toBe('one two three four');
    expect(collected.parts.filter((part) => part.type === 'finish')).toHaveLength(1);
    expect(collected.parts.at(-1)?.type).toBe('finish');
    expect(collected.finish?.finishReason.unified).toBe('stop');
    expect([collected.finish?.usage.inputTokens.total, collected.finish?.usage.outputTokens.total]).toEqual([
      11, 4,
    ]);
    expect(fake.requests[0]).toMatchObject({ model: modelId, stream: true });
  });

  it('doGenerate returns a tool call with parsed arguments and a tool-calls finish', async () => {
    fake.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } }] });
    const result = await model().doGenerate({ ...userPrompt('Weather in Paris?'), tools: [weatherTool] });
    const calls = result.content.filter((part) => part.type === 'tool-call');
    expect(calls.map((call) => [call.toolName, JSON.parse(call.input)])).toEqual([
      ['get_weather', { city: 'Paris', unit: 'celsius' }],
    ]);
    expect(result.finishReason.unified).toBe('tool-calls');
  });

  it('doStream assembles a streamed tool call and finishes with tool-calls', async () => {
    fake.script({
      toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }],
      usage: { input: 20, output: 9 },
    });
    const collected = await collectStream(model(), {
      ...userPrompt('Weather in Paris?'),
      tools: [weatherTool],
    });
    expect(collected.errorParts).toEqual([]);
    expect(collected.toolCalls.map((call) => [call.toolName, JSON.parse(call.input)])).toEqual([
      ['get_weather', { city: 'Paris' }],
    ]);
    expect(collected.finish?.finishReason.unified).toBe('tool-calls');
    expect(collected.finish?.usage.outputTokens.total).toBe(9);
  });

  it('doStream reports a max-tokens cut as a length finish, not stop', async () => {
    fake.script({ text: 'This answer was cut', finishReason: 'length' });
    const collected = await collectStream(model(), userPrompt('Write a long essay'));
    expect(collected.text).toBe('This answer was cut');
    expect(collected.finish?.finishReason.unified).toBe('length');
  });
});
