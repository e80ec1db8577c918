import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest, ChatResult } from '../../src/core/chat-request.js';
import type { Engine } from '../../src/engine.js';
import type { EnsembleRun } from '../../src/orchestration/ensemble/ensemble-run.js';
import { createEnsembleVirtualModel } from '../../src/orchestration/ensemble/ensemble-virtual-model.js';
import { startServer } from '../../src/server/start-server.js';
import type { RecordedRequest } from '../fakes/recorded-request.js';
import { type GatewayHarness, startGateway } from '../helpers/gateway-harness.js';

const MEMBERS = ['llama-3.1-8b-instruct', 'qwen2.5-7b-instruct', 'mistral-7b-instruct-v0.3'];
const STRONG = 'llama-3.3-70b-instruct';
const QUESTION = 'Which gas do plants absorb?\nA) Oxygen\nB) Carbon dioxide\nC) Nitrogen\nD) Helium';

const lastUserText = (request: RecordedRequest) => {
  const messages = (request.body as { messages: { role: string; content: string | { text?: string }[] }[] })
    .messages;
  const last = messages.at(-1)!;
  return typeof last.content === 'string'
    ? last.content
    : last.content.map((part) => part.text ?? '').join('');
};

describe('ensemble/<strategy> through the gateway and the official openai SDK', () => {
  let gateway: GatewayHarness;
  beforeAll(async () => {
    const harness = await startGateway({
      models: [...MEMBERS.map((id) => ({ id, quality: 0.7 })), { id: STRONG, quality: 0.9 }],
      config: {
        ensemble: { presets: { trio: { strategy: 'consensus', members: MEMBERS, threshold: 0.6 } } },
      },
      start: false,
    });
    const engine = withEnsembleListing(harness.engine);
    const server = await startServer({ engine, port: 0 });
    gateway = {
      ...harness,
      server,
      client: new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'not-needed', maxRetries: 0 }),
      async close() {
        await server.close(1_000);
        await harness.close();
      },
    };
  });
  beforeEach(() => {
    gateway.fake.reset();
    gateway.fake.setDefault({ text: 'B) Carbon dioxide', usage: { input: 20, output: 4 } }, MEMBERS[0]);
    gateway.fake.setDefault({ text: 'The answer is B.', usage: { input: 20, output: 5 } }, MEMBERS[1]);
    gateway.fake.setDefault({ text: 'C', usage: { input: 20, output: 1 } }, MEMBERS[2]);
    gateway.fake.setDefault(
      (request: RecordedRequest) => ({
        text: lastUserText(request).includes('VERDICT') ? 'VERDICT: 1' : 'B',
        usage: { input: 30, output: 2 },
      }),
      STRONG,
    );
  });
  afterAll(() => gateway.close());

  it('lists every strategy and preset as a model', async () => {
    const ids = (await gateway.client.models.list()).data.map((model) => model.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'ensemble/best-of-n',
        'ensemble/weighted',
        'ensemble/consensus',
        'ensemble/specialization',
        'ensemble/moa',
        'ensemble/cascade',
        'ensemble/trio',
      ]),
    );
  });

  it('answers with the weighted vote; the conclave object carries the whole run', async () => {
    const { data, response } = await gateway.client.chat.completions
      .create({
        model: 'ensemble/weighted',
        messages: [{ role: 'user', content: QUESTION }],
        // @ts-expect-error Conclave's request extension: the routing allow list names the members.
        conclave: { allow: MEMBERS },
      })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('B) Carbon dioxide');
    expect(data.model).toBe(MEMBERS[0]);
    expect(response.headers.get('x-conclave-model')).toBe(MEMBERS[0]);
    const run = (data as unknown as { conclave: { run: EnsembleRun } }).conclave.run;
    expect(run.strategy).toBe('weighted');
    expect(run.extracted).toEqual({ kind: 'choice', value: 'B' });
    expect(run.modelsUsed.sort()).toEqual([...MEMBERS].sort());
    expect(run.members.map((member) => [member.model, member.usage.inputTokens])).toEqual(
      MEMBERS.map((model) => [model, 20]),
    );
    expect(data.usage?.prompt_tokens).toBe(60);
    for (const model of MEMBERS) expect(gateway.fake.requestsFor(model)).toHaveLength(1);
    expect(gateway.fake.requestsFor(STRONG)).toHaveLength(0);
  });

  it('streams progress before the answer tokens and the run in the final chunk', async () => {
    const stream = await gateway.client.chat.completions.create({
      model: 'ensemble/trio',
      messages: [{ role: 'user', content: QUESTION }],
      stream: true,
    });
    const events: string[] = [];
    let text = '';
    let run: EnsembleRun | undefined;
    for await (const chunk of stream) {
      const conclave = (
        chunk as unknown as { conclave?: { event?: string; stage?: string; run?: EnsembleRun } }
      ).conclave;
      if (conclave?.event === 'progress') events.push(conclave.stage ?? '');
      const delta = chunk.choices[0]?.delta.content;
      if (delta) {
        text += delta;
        events.push('token');
      }
      if (chunk.choices[0]?.finish_reason) run = conclave?.run;
    }
    expect(text).toBe('B) Carbon dioxide');
    const firstToken = events.indexOf('token');
    expect(events.slice(0, firstToken)).toEqual(expect.arrayContaining(['ensemble:plan', 'ensemble:member']));
    expect(events.slice(firstToken).every((event) => event === 'token')).toBe(true);
    expect(run?.preset).toBe('trio');
    expect(run?.strategy).toBe('consensus');
    expect(run?.status).toBe('ok');
  });

  it('an unknown strategy is a 404 naming the valid ones, before any upstream call', async () => {
    const error = await gateway.client.chat.completions
      .create({ model: 'ensemble/majority', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as Error).message).toContain('Unknown ensemble "ensemble/majority".');
    expect(gateway.fake.requests).toHaveLength(0);
  });

  it('more members than models is a 400 listing the available models', async () => {
    const error = await gateway.client.chat.completions
      .create({
        model: 'ensemble/weighted',
        messages: [{ role: 'user', content: 'hi' }],
        // @ts-expect-error Conclave's request extension.
        conclave: { allow: ['llama-*'] },
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain(
      '--models 3 asks for 3 members, but only 2 models are available',
    );
    expect(gateway.fake.requests).toHaveLength(0);
  });
});

/** The engine lists virtual models once the lead wires `virtualModels()`; until then the listing is added here. */
function withEnsembleListing(engine: Engine): Engine {
  if (engine.virtualModels().some((model) => model.id.startsWith('ensemble/'))) return engine;
  const handler = createEnsembleVirtualModel(engine.orchestration);
  const stream = (request: ChatRequest) => engine.stream(request);
  const generate = (request: ChatRequest): Promise<ChatResult> => engine.generate(request);
  const overrides: Record<string | symbol, unknown> = {
    stream,
    generate,
    virtualModels: () => [...engine.virtualModels(), ...handler.list()],
  };
  return new Proxy(engine, {
    get: (target, key, receiver) => (key in overrides ? overrides[key] : Reflect.get(target, key, receiver)),
  });
}
