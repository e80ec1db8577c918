import { afterEach, describe, expect, it } from 'vitest';
import {
  type CouncilFixture,
  createCouncilFixture,
  defaultScript,
  memberOf,
  ROTATION_MODELS,
} from './council-fixture.js';
import { runToEnd } from './run-to-end.js';

const PRODUCT = ['strategist', 'engineer', 'designer'];
/** $1000 per million tokens in and out: every scripted call (10 in, 20 out) costs $0.03. */
const EXPENSIVE = Object.fromEntries(
  ROTATION_MODELS.map((id) => [id, { inputPerMTok: 1000, outputPerMTok: 1000 }]),
);

describe('budget caps', () => {
  let fixture: CouncilFixture;
  afterEach(() => fixture.close());

  it('a USD cap reached after the review stops the run before stage 3, says so, and answers with the top-ranked answer', async () => {
    fixture = await createCouncilFixture({ prices: EXPENSIVE });
    const { run, progress, parts, text } = await runToEnd(fixture.context, {
      question: 'q',
      agents: PRODUCT,
      date: '2025-11-07',
      budget: { maxCostUsd: 0.15 },
    });
    // Stage 1 spent $0.09 (< cap): the review ran and brought it to $0.18 (≥ cap): no synthesis.
    expect(fixture.callsOf('review')).toHaveLength(3);
    expect(fixture.callsOf('synthesis')).toHaveLength(0);
    expect(run.status).toBe('stopped');
    expect(run.synthesis).toBeUndefined();
    expect(run.skipped).toEqual([
      {
        stage: 'synthesis',
        because: 'cost cap reached: $0.180000 spent of $0.15 (council.budget.maxCostUsd / --max-cost)',
      },
    ]);
    const stop = progress.find((entry) => entry.stage === 'council:budget');
    expect(stop?.detail).toBe(
      'Budget: cost cap reached: $0.180000 spent of $0.15 (council.budget.maxCostUsd / --max-cost) — stopping before synthesis.',
    );
    expect(parts.indexOf(stop as never)).toBeLessThan(parts.findIndex((part) => part.type === 'text-delta'));
    expect(run.final).toMatchObject({ source: 'top-ranked', member: 'engineer' });
    expect(text).toBe('engineer answer from phi-3.5-mini-instruct');
    expect(run.totals.costUsd).toBeCloseTo(0.18, 10);
    const row = fixture.engine.database.prepare('SELECT status, final_source FROM council_runs').get();
    expect(row).toEqual({ status: 'stopped', final_source: 'top-ranked' });
  });

  it('a USD cap reached in stage 1 skips review and synthesis', async () => {
    fixture = await createCouncilFixture({ prices: EXPENSIVE });
    const { run } = await runToEnd(fixture.context, {
      question: 'q',
      agents: PRODUCT,
      date: '2025-11-07',
      budget: { maxCostUsd: 0.05 },
    });
    expect(fixture.callsOf('review')).toHaveLength(0);
    expect(run.skipped.map((skip) => skip.stage)).toEqual(['review', 'synthesis']);
    expect(run.final).toMatchObject({ source: 'first-answer', member: 'strategist' });
  });

  it('a time cap stops adding stages once the wall clock passes it', async () => {
    fixture = await createCouncilFixture({
      script: defaultScript({ answer: (call) => ({ text: `${memberOf(call)} slow answer`, delayMs: 60 }) }),
    });
    const { run } = await runToEnd(fixture.context, {
      question: 'q',
      agents: PRODUCT,
      date: '2025-11-07',
      budget: { maxSeconds: 0.03 },
    });
    expect(run.rounds[0]!.calls.every((call) => call.ok)).toBe(true);
    expect(run.skipped[0]).toEqual({
      stage: 'review',
      because: expect.stringMatching(/^time cap reached: .* of 0.03 s/),
    });
    expect(fixture.callsOf('review')).toHaveLength(0);
  });

  it('preset budgets apply, and a per-run budget overrides them', async () => {
    fixture = await createCouncilFixture({
      prices: EXPENSIVE,
      config: { council: { presets: { cheap: { agents: PRODUCT, budget: { maxCostUsd: 0.05 } } } } },
    });
    const preset = await runToEnd(fixture.context, { question: 'q', preset: 'cheap', date: '2025-11-07' });
    expect(preset.run.options.budget).toEqual({ maxCostUsd: 0.05, maxSeconds: 600 });
    expect(preset.run.status).toBe('stopped');
    const overridden = await runToEnd(fixture.context, {
      question: 'q',
      preset: 'cheap',
      date: '2025-11-07',
      budget: { maxCostUsd: 5 },
    });
    expect(overridden.run.status).toBe('ok');
    expect(overridden.run.final.source).toBe('chairman');
  });
});

describe('multi-round debate', () => {
  let fixture: CouncilFixture;
  afterEach(() => fixture.close());

  it('from round 2 each member sees its own and the others’ previous answers and revises', async () => {
    fixture = await createCouncilFixture();
    const { run, progress } = await runToEnd(fixture.context, {
      question: 'Design a habit-tracking app',
      agents: PRODUCT,
      date: '2025-11-07',
      rounds: 3,
    });
    expect(run.rounds.map((round) => round.calls.length)).toEqual([3, 3, 3]);
    const revisions = fixture.callsOf('revision');
    expect(revisions).toHaveLength(6);
    const engineerRound2 = revisions.find(
      (call) => memberOf(call) === 'engineer' && call.lastUser.startsWith('Round 2'),
    )!;
    expect(engineerRound2.model).toBe('phi-3.5-mini-instruct');
    // Its own previous answer is the assistant turn; the others' answers are in the request; the question stays.
    expect(engineerRound2.prompt.at(-2)).toEqual({
      role: 'assistant',
      content: [{ type: 'text', text: 'engineer answer from phi-3.5-mini-instruct' }],
    });
    expect(engineerRound2.lastUser).toContain('### Strategist\nstrategist answer from llama-3.1-8b-instruct');
    expect(engineerRound2.lastUser).toContain('### Designer\ndesigner answer from mistral-7b-instruct-v0.3');
    expect(engineerRound2.lastUser).not.toContain('### Engineer');
    expect(JSON.stringify(engineerRound2.prompt)).toContain('Design a habit-tracking app');
    const designerRound3 = revisions.find(
      (call) => memberOf(call) === 'designer' && call.lastUser.startsWith('Round 3'),
    )!;
    expect(designerRound3.lastUser).toContain(
      '### Engineer\nengineer revised answer (2) from phi-3.5-mini-instruct',
    );
    // Review and synthesis work on the last round's answers.
    for (const call of fixture.callsOf('review'))
      for (const text of call.labels.values()) expect(text).toMatch(/revised answer \(3\)/);
    expect(fixture.callsOf('synthesis')[0]?.lastUser).toContain(
      'engineer revised answer (3) from phi-3.5-mini-instruct',
    );
    expect(
      progress.filter((entry) => entry.data.event === 'round-complete').map((entry) => entry.data.round),
    ).toEqual([1, 2, 3]);
  });

  it('a member failing in a later round keeps its previous answer', async () => {
    fixture = await createCouncilFixture({
      script: defaultScript({
        revision: (call) =>
          memberOf(call) === 'designer' ? { fail: 'designer tired' } : `${memberOf(call)} revised`,
      }),
    });
    const { run } = await runToEnd(fixture.context, {
      question: 'q',
      agents: PRODUCT,
      date: '2025-11-07',
      rounds: 2,
    });
    expect(run.warnings[0]).toMatch(
      /^designer failed in round 2 .*designer tired.*its round 1 answer stands\.$/,
    );
    const designerShown = fixture
      .callsOf('review')
      .flatMap((call) => [...call.labels.values()])
      .filter((text) => text.startsWith('designer'));
    expect(designerShown).toEqual([
      'designer answer from mistral-7b-instruct-v0.3',
      'designer answer from mistral-7b-instruct-v0.3',
    ]);
  });

  it('the budget also stops further debate rounds', async () => {
    fixture = await createCouncilFixture({ prices: EXPENSIVE });
    const { run } = await runToEnd(fixture.context, {
      question: 'q',
      agents: PRODUCT,
      date: '2025-11-07',
      rounds: 3,
      budget: { maxCostUsd: 0.12 },
    });
    expect(run.rounds).toHaveLength(2);
    expect(run.skipped[0]).toEqual({
      stage: 'debate',
      because: expect.stringMatching(/^cost cap reached: .*stopped after round 2 of 3$/),
    });
    expect(run.status).toBe('stopped');
  });
});
