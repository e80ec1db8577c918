import { afterEach, describe, expect, it } from 'vitest';
import { ZERO_USAGE } from '../../src/core/usage.js';
import type { MemberReply } from '../../src/orchestration/ensemble/ensemble-types.js';
import { fitAnswerModel } from '../../src/orchestration/ensemble/replay/fit-answer-model.js';
import type { PatternRow } from '../../src/orchestration/ensemble/replay/train-pattern-policy.js';
import {
  type AnswerModel,
  answerPosterior,
} from '../../src/orchestration/ensemble/strategies/answer-posterior.js';
import type { CascadeState } from '../../src/orchestration/ensemble/strategies/cascade-policy.js';
import {
  costScale,
  createPosteriorPolicy,
} from '../../src/orchestration/ensemble/strategies/posterior-policy.js';
import { answers, createEnsembleFixture, type EnsembleFixture } from './ensemble-fixture.js';

const QUESTION = 'Which planet is largest?\nA) Mars\nB) Jupiter\nC) Venus\nD) Earth\nAnswer:';
const LABELS = ['A', 'B', 'C', 'D'];
const SMALL = 'llama-3.2-3b-instruct';
const MID = 'mistral-7b-instruct-v0.3';
const STRONG = 'llama-3.3-70b-instruct';
const WEAK = 'llama-3.1-8b-instruct';

/** A model right `accuracy` of the time, wrong evenly otherwise, silent 1% of the time. */
function confusion(accuracy: number): number[][] {
  const wrong = (0.99 - accuracy) / (LABELS.length - 1);
  return LABELS.map((_, gold) => [...LABELS.map((__, given) => (given === gold ? accuracy : wrong)), 0.01]);
}

const MODEL: AnswerModel = {
  labels: LABELS,
  prior: [0.25, 0.25, 0.25, 0.25],
  confusion: {
    [SMALL]: confusion(0.75),
    [MID]: confusion(0.7),
    [STRONG]: confusion(0.95),
    [WEAK]: confusion(0.4),
  },
};

function state(given: Record<string, string>, costOf?: (model: string) => number | undefined): CascadeState {
  const replies: MemberReply[] = Object.entries(given).map(([model, value]) => ({
    model,
    role: 'member',
    ok: true,
    text: value,
    latencyMs: 1,
    usage: ZERO_USAGE,
    costUsd: 0,
    answer: { kind: 'choice', value },
  }));
  return {
    stage: replies.length,
    replies,
    asked: Object.keys(given),
    remaining: [],
    tally: { candidates: [], confidence: 0, agreement: 0, abstained: [], tie: false },
    format: { kind: 'choice', labels: LABELS, options: {} },
    costOf,
    verify: async () => 0,
  };
}

describe('bayesian escalation policy', () => {
  let fixture: EnsembleFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  it('fits a prior and Dirichlet-smoothed confusion matrices; missing answers get their own column', () => {
    const row = (gold: string, small: string | undefined): PatternRow => ({
      values: new Map([[SMALL, small]]),
      costs: new Map([[SMALL, 0.001]]),
      gold,
    });
    const fitted = fitAnswerModel([row('A', 'A'), row('A', 'A'), row('A', undefined), row('B', 'A')], {
      models: [SMALL],
      labels: ['A', 'B'],
    });
    expect(fitted.prior).toEqual([4 / 6, 2 / 6]);
    expect(fitted.confusion[SMALL]).toEqual([
      [3 / 6, 1 / 6, 2 / 6],
      [2 / 4, 1 / 4, 1 / 4],
    ]);
  });

  it('answers with the most probable answer, which need not be the last model asked', () => {
    const posterior = answerPosterior(MODEL, [
      [SMALL, 2],
      [MID, 2],
      [WEAK, 3],
    ]);
    expect(posterior.indexOf(Math.max(...posterior))).toBe(2);
    const policy = createPosteriorPolicy(MODEL, {
      pool: [SMALL, MID, WEAK, STRONG],
      lambda: 1,
      maxDepth: 3,
      typicalCostUsd: { [SMALL]: 0.001, [MID]: 0.002, [WEAK]: 0.004, [STRONG]: 0.05 },
    });
    const decision = policy.next(state({ [SMALL]: 'C', [MID]: 'C', [WEAK]: 'D' }));
    expect(decision).toMatchObject({ stop: true, value: 'C' });
  });

  it('scales the price by the request’s estimated costs: a costlier request stops sooner', () => {
    const options = {
      pool: [SMALL, MID, STRONG],
      lambda: 4,
      maxDepth: 3,
      typicalCostUsd: { [SMALL]: 0.001, [MID]: 0.002, [STRONG]: 0.05 },
    };
    expect(costScale(options, (model) => 3 * options.typicalCostUsd[model as typeof SMALL])).toBeCloseTo(3);
    expect(costScale(options, () => undefined)).toBe(1);
    const policy = createPosteriorPolicy(MODEL, options);
    expect(policy.next(state({ [SMALL]: 'B', [MID]: 'C' }))).toMatchObject({ stop: false, ask: [STRONG] });
    const costly = state(
      { [SMALL]: 'B', [MID]: 'C' },
      (model) => 100 * options.typicalCostUsd[model as typeof SMALL],
    );
    expect(policy.next(costly)).toMatchObject({ stop: true });
  });

  it('drives the live cascade: cheap agreement stops, disagreement buys the strong model', async () => {
    const run = (script: Record<string, string>, lambda: number) =>
      createEnsembleFixture({ script: answers(script) }).then(async (created) => {
        fixture = created;
        const probe = await created.run({
          question: QUESTION,
          strategy: 'cascade',
          members: [SMALL, MID, STRONG],
        });
        const typicalCostUsd = Object.fromEntries(
          probe.plan.map((member) => [member.model, member.estimatedCostUsd]),
        );
        created.received.length = 0;
        const policy = createPosteriorPolicy(MODEL, {
          pool: [SMALL, MID, STRONG],
          lambda,
          maxDepth: 3,
          typicalCostUsd,
        });
        return created.run({
          question: QUESTION,
          strategy: 'cascade',
          members: [SMALL, MID, STRONG],
          cascade: { policy },
        });
      });
    const lambda = 0.1 / 0.0021;
    const agreed = await run({ [SMALL]: 'B', [MID]: 'B) Jupiter', [STRONG]: 'B' }, lambda);
    expect(agreed.stoppedAt).toMatchObject({ asked: [SMALL, MID] });
    expect(agreed.stoppedAt?.reason).toMatch(/^posterior \d+%: no further model is worth its cost$/);
    expect(fixture!.received.map((call) => call.model)).not.toContain(STRONG);
    expect(agreed.extracted?.value).toBe('B');
    await fixture!.close();
    fixture = undefined;
    const split = await run({ [SMALL]: 'A', [MID]: 'C', [STRONG]: 'B' }, lambda);
    expect(split.stoppedAt?.asked).toEqual([SMALL, MID, STRONG]);
    expect(split.extracted?.value).toBe('B');
  });
});
