import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeReply } from '../fakes/fake-reply.js';
import type { RecordedRequest } from '../fakes/recorded-request.js';
import { type GatewayHarness, startGateway } from '../helpers/gateway-harness.js';

interface RunView {
  agent: string;
  finalPhase: string;
  finalResult: string;
  phaseResults: { phase: string; modelUsed: string; success: boolean; result: string | null }[];
  skippedPhases: { phase: string; reason: string }[];
}

/** Every model answers "<phase> by <model>" (validation: a passing verdict), failing phases listed in `failing`. */
function phaseEcho(failing: Set<string>) {
  return (request: RecordedRequest): FakeReply => {
    const body = request.body as { model: string; messages: { role: string; content: unknown }[] };
    const system = JSON.stringify(body.messages.find((message) => message.role === 'system')?.content ?? '');
    const phase = /You are the (\w+) phase/.exec(system)?.[1] ?? 'custom';
    if (failing.has(phase)) return { status: 500 };
    return {
      text: phase === 'validation' ? 'VERDICT: PASS\n- fine' : `${phase} by ${body.model}`,
      usage: { input: 20, output: 5 },
    };
  };
}

describe('gateway model pipeline/<profile> through the official openai SDK', () => {
  let gateway: GatewayHarness;
  const failing = new Set<string>();
  beforeAll(async () => {
    gateway = await startGateway({
      models: [
        { id: 'alpha', quality: 0.9 },
        { id: 'beta', quality: 0.8 },
        { id: 'gamma', quality: 0.75 },
      ],
      config: { retry: { maxAttempts: 1 } },
    });
    gateway.fake.setDefault(phaseEcho(failing));
  });
  beforeEach(() => failing.clear());
  afterAll(() => gateway.close());

  it('lists the pipelines as models', async () => {
    const models = await gateway.client.models.list();
    const ids = models.data.map((model) => model.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'pipeline/coding',
        'pipeline/database',
        'pipeline/analysis',
        'pipeline/web-scraping',
        'pipeline/documentation',
      ]),
    );
  });

  it('answers with the final phase output and the whole run in `conclave.run`', async () => {
    const { data, response } = await gateway.client.chat.completions
      .create({
        model: 'pipeline/coding',
        messages: [
          { role: 'system', content: 'Use TypeScript.' },
          { role: 'user', content: 'Write a slugify function' },
        ],
      })
      .withResponse();
    const run = (data as unknown as { conclave: { run: RunView } }).conclave.run;
    expect(run.agent).toBe('coding');
    expect(run.phaseResults.map((phase) => [phase.phase, phase.success])).toEqual([
      ['planning', true],
      ['generation', true],
      ['review', true],
      ['refinement', true],
    ]);
    const refinement = run.phaseResults[3]!;
    expect(data.choices[0]?.message.content).toBe(`refinement by ${refinement.modelUsed}`);
    expect(data.model).toBe('pipeline/coding');
    expect(data.usage).toMatchObject({ prompt_tokens: 80, completion_tokens: 20, total_tokens: 100 });
    expect(response.headers.get('x-conclave-model')).toBe('pipeline/coding');
    // Each phase went upstream with the context passed forward; the system message became a parameter.
    const review = gateway.fake.requests.find((request) =>
      JSON.stringify(request.body).includes('You are the review phase'),
    );
    const reviewText = JSON.stringify(review?.body);
    expect(reviewText).toContain('phaseOutputs.generation (generation phase, by');
    expect(reviewText).toContain('\\"instructions\\": \\"Use TypeScript.\\"');
  });

  it('streams each stage as progress chunks, then the answer', async () => {
    const stream = await gateway.client.chat.completions.create({
      model: 'pipeline/database',
      messages: [{ role: 'user', content: 'Add an index for orders by customer' }],
      stream: true,
    });
    const stages: string[] = [];
    let text = '';
    let run: RunView | undefined;
    for await (const chunk of stream) {
      const conclave = (
        chunk as unknown as {
          conclave?: { event?: string; stage?: string; data?: { event?: string }; run?: RunView };
        }
      ).conclave;
      if (conclave?.event === 'progress')
        stages.push(`${conclave.stage}${conclave.data?.event ? `:${conclave.data.event}` : ''}`);
      if (conclave?.run) run = conclave.run;
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(stages).toEqual([
      'plan',
      'planning:start',
      'planning:done',
      'generation:start',
      'generation:done',
      'validation:start',
      'validation:done',
    ]);
    expect(run?.finalPhase).toBe('generation');
    expect(text).toBe(run?.finalResult);
    expect(text).toMatch(/^generation by (alpha|beta|gamma)$/);
  });

  it('reports a skipped non-critical phase and still answers', async () => {
    failing.add('review');
    const completion = await gateway.client.chat.completions.create({
      model: 'pipeline/coding',
      messages: [{ role: 'user', content: 'Write a slugify function' }],
    });
    const conclave = (completion as unknown as { conclave: { run: RunView; warnings: string[] } }).conclave;
    expect(conclave.run.skippedPhases.map((skipped) => skipped.phase)).toEqual(['review']);
    expect(conclave.warnings[0]).toMatch(
      /^Skipped review: review failed .*; refinement continues without a review$/,
    );
    expect(completion.choices[0]?.message.content).toMatch(/^refinement by /);
  });

  it('a critical failure is a 502 naming the phase', async () => {
    failing.add('generation');
    const error = await gateway.client.chat.completions
      .create({ model: 'pipeline/coding', messages: [{ role: 'user', content: 'Write a slugify function' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect((error as Error).message).toContain(
      'Pipeline "coding" aborted: critical phase "generation" failed on',
    );
  });

  it('an unknown pipeline is a 404 before any model is called', async () => {
    const before = gateway.fake.requests.length;
    const error = await gateway.client.chat.completions
      .create({ model: 'pipeline/codng', messages: [{ role: 'user', content: 'x' }], stream: true })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as Error).message).toContain('Unknown pipeline profile "codng".');
    expect(gateway.fake.requests.length).toBe(before);
  });
});
