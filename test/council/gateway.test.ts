import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CouncilRun } from '../../src/orchestration/council/council-run.js';
import type { GatewayHarness } from '../helpers/gateway-harness.js';
import { startCouncilGateway } from './council-gateway.js';
import { councilReply, wireMessages as messagesOf, wireText as textOf } from './council-replies.js';

const CHAIR = 'llama-3.3-70b-instruct';
const MEMBERS = {
  strategist: 'llama-3.1-8b-instruct',
  engineer: 'phi-3.5-mini-instruct',
  designer: 'mistral-7b-instruct-v0.3',
};

describe('council/<preset> through the gateway and the official openai SDK', () => {
  let gateway: GatewayHarness & { native: boolean };
  beforeAll(async () => {
    gateway = await startCouncilGateway({
      models: [
        ...Object.values(MEMBERS).map((id) => ({ id, quality: 0.6 })),
        { id: 'qwen2.5-7b-instruct', quality: 0.6 },
        { id: CHAIR, quality: 0.95 },
      ],
      config: {
        rotation: { date: '2025-11-07' },
        council: {
          presets: { duo: { agents: ['engineer', 'designer'], description: 'Two builders', review: false } },
        },
      },
    });
  });
  beforeEach(() => {
    gateway.fake.reset();
    for (const id of [...Object.values(MEMBERS), 'qwen2.5-7b-instruct', CHAIR])
      gateway.fake.setDefault(councilReply(id), id);
  });
  afterAll(() => gateway.close());

  it('lists the presets as models', async () => {
    const ids = (await gateway.client.models.list()).data.map((model) => model.id);
    expect(ids).toEqual(
      expect.arrayContaining(['council/default', 'council/product', 'council/duo', 'auto', CHAIR]),
    );
  });

  it("answers with the chairman's synthesis; the conclave object carries every stage", async () => {
    const { data, response } = await gateway.client.chat.completions
      .create({
        model: 'council/product',
        messages: [{ role: 'user', content: 'Design a habit-tracking app' }],
      })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe(`Synthesis by ${CHAIR}`);
    expect(data.choices[0]?.finish_reason).toBe('stop');
    expect(data.model).toBe(CHAIR);
    expect(response.headers.get('x-conclave-model')).toBe(CHAIR);
    // 3 answers (12 in / 6 out), 3 reviews (default usage), 1 synthesis (30 in / 5 out).
    expect(data.usage?.total_tokens).toBe(data.usage!.prompt_tokens + data.usage!.completion_tokens);
    const run = (data as unknown as { conclave: { run: CouncilRun } }).conclave.run;
    expect(run.preset).toBe('product');
    expect(run.rounds[0]?.calls.map((call) => [call.member, call.model, call.text])).toEqual(
      Object.entries(MEMBERS).map(([member, model]) => [member, model, `${member} answer from ${model}`]),
    );
    expect(run.review?.reviews).toHaveLength(3);
    for (const review of run.review!.reviews) {
      expect(review.method).toBe('strict');
      expect(Object.values(review.labels)).not.toContain(review.reviewer);
    }
    expect(run.review?.aggregate.map((entry) => [entry.member, entry.averageRank, entry.votes])).toEqual([
      ['engineer', 1, 2],
      ['designer', 1.5, 2],
      ['strategist', 2, 2],
    ]);
    expect(run.synthesis).toMatchObject({ chairman: CHAIR, call: { ok: true } });
    expect(run.totals.models).toEqual([...Object.values(MEMBERS), CHAIR]);
    // The reviewers' upstream prompts never contained their own answer.
    for (const [member, model] of Object.entries(MEMBERS)) {
      const reviewRequest = gateway.fake
        .requestsFor(model)
        .find((request) => textOf(messagesOf(request).at(-1)).includes('FINAL RANKING:'))!;
      expect(textOf(messagesOf(reviewRequest).at(-1))).not.toContain(`${member} answer`);
    }
  });

  it('streams stage progress before the answer tokens, then the run in the final chunk', async () => {
    const stream = await gateway.client.chat.completions.create({
      model: 'council/product',
      messages: [{ role: 'user', content: 'Design a habit-tracking app' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const events: string[] = [];
    let text = '';
    let finalConclave: { run?: CouncilRun } | undefined;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      const conclave = (
        chunk as unknown as { conclave?: { event?: string; stage?: string; data?: { event: string } } }
      ).conclave;
      if (conclave?.event === 'progress') events.push(`${conclave.stage}/${conclave.data?.event}`);
      const delta = chunk.choices[0]?.delta.content;
      if (delta) {
        text += delta;
        events.push('token');
      }
      if (chunk.choices[0]?.finish_reason) finalConclave = conclave as { run?: CouncilRun };
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe(`Synthesis by ${CHAIR}`);
    const firstToken = events.indexOf('token');
    expect(events.slice(firstToken).every((event) => event === 'token')).toBe(true);
    expect(events.slice(0, firstToken)).toEqual(
      expect.arrayContaining([
        'council:council/plan',
        'council:answer/started',
        'council:answer/answered',
        'council:answer/round-complete',
        'council:review/ranked',
        'council:review/review-complete',
        'council:synthesis/started',
      ]),
    );
    expect(events.filter((event) => event === 'council:answer/answered')).toHaveLength(3);
    expect(finalConclave?.run?.synthesis?.chairman).toBe(CHAIR);
    expect(finalConclave?.run?.review?.aggregate[0]?.member).toBe('engineer');
    expect(usage?.total_tokens).toBeGreaterThan(0);
  });

  it('continues a conversation passed as messages, and a preset without review skips stage 2', async () => {
    const completion = await gateway.client.chat.completions.create({
      model: 'council/duo',
      messages: [
        { role: 'user', content: 'Should we build it?' },
        { role: 'assistant', content: 'Yes, start small.' },
        { role: 'user', content: 'What first?' },
      ],
    });
    const run = (completion as unknown as { conclave: { run: CouncilRun } }).conclave.run;
    expect(run.history).toEqual([
      { role: 'user', content: 'Should we build it?' },
      { role: 'assistant', content: 'Yes, start small.' },
    ]);
    expect(run.review).toBeUndefined();
    const answerRequest = gateway.fake.requestsFor(MEMBERS.engineer)[0]!;
    expect(messagesOf(answerRequest).map((message) => [message.role, textOf(message)])).toEqual([
      ['system', expect.stringContaining('You are the Engineer')],
      ['user', 'Should we build it?'],
      ['assistant', 'Yes, start small.'],
      ['user', 'What first?'],
    ]);
  });

  it('an unknown preset is a 404 naming the valid presets, before any upstream call', async () => {
    const error = await gateway.client.chat.completions
      .create({ model: 'council/marketing', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).message).toContain(
      'Unknown council preset "marketing". Valid presets: default, product, duo.',
    );
    expect(gateway.fake.requests).toHaveLength(0);
  });
});
