import { describe, expect, it } from 'vitest';
import type { OutcomeRow } from '../../src/routing/offline/dataset-split.js';
import { replayOnline } from '../../src/routing/offline/online-replay.js';

// "good" is always right, "bad" never; prices are equal so reward is just quality.
const stream: OutcomeRow[] = Array.from({ length: 400 }, (_, index) => ({
  id: `q${index}`,
  task: 'qa',
  prompt: `question number ${index % 7}`,
  quality: [0, 1],
  cost: [0.001, 0.001],
}));

describe('replayOnline', () => {
  for (const policy of ['thompson-task', 'thompson-contextual'] as const) {
    it(`${policy}: regret equals the rewards it left on the table, and learning stops the bleeding`, () => {
      const report = replayOnline({ models: ['bad', 'good'], stream, policy, seed: 5, willingnessToPay: 10 });
      expect(report.bestFixedModel).toBe('good');
      // Every mistake costs exactly 1 quality point against both the oracle and the best fixed model.
      const mistakes = report.queries * (1 - report.quality);
      expect(report.regretVsOracle).toBeCloseTo(mistakes, 9);
      expect(report.regretVsBestFixed).toBeCloseTo(mistakes, 9);
      expect(report.costPerQuery).toBeCloseTo(0.001, 12);
      const last = report.curve[report.curve.length - 1];
      expect(last).toEqual({
        step: 400,
        regretVsOracle: report.regretVsOracle,
        regretVsBestFixed: report.regretVsBestFixed,
      });
      // It explores a little, then almost always picks the good model.
      expect(mistakes).toBeGreaterThan(0);
      expect(mistakes).toBeLessThan(20);
      const half = report.curve.find((point) => point.step >= 200);
      expect(report.regretVsOracle - (half?.regretVsOracle ?? 0)).toBeLessThan(3);
    });
  }

  it('counts cost in the reward and is reproducible for a seed', () => {
    // Same quality, "dear" costs 0.05 more: with λ = 10 each dear call is 0.5 regret.
    const pricey = stream.map((row) => ({ ...row, quality: [1, 1], cost: [0.001, 0.051] }));
    const first = replayOnline({
      models: ['cheap', 'dear'],
      stream: pricey,
      policy: 'thompson-task',
      seed: 9,
      willingnessToPay: 10,
    });
    const again = replayOnline({
      models: ['cheap', 'dear'],
      stream: pricey,
      policy: 'thompson-task',
      seed: 9,
      willingnessToPay: 10,
    });
    expect(again).toEqual(first);
    const dearCalls = ((first.costPerQuery ?? 0) * first.queries - 0.001 * first.queries) / 0.05;
    expect(first.regretVsOracle).toBeCloseTo(0.5 * dearCalls, 6);
    expect(first.bestFixedModel).toBe('cheap');
  });
});
