import { describe, expect, it } from 'vitest';
import { featurizePrompt } from '../../src/routing/learned/featurize-prompt.js';
import {
  extractMathWordFeatures,
  MATH_WORD_FEATURE_NAMES,
  selectMathWordFeatures,
} from '../../src/routing/learned/math-word-features.js';
import { routerModelSchema } from '../../src/routing/learned/router-model.js';
import { trainRouterModel } from '../../src/routing/learned/train-router-model.js';

const SHORT = 'Tom has 3 apples. How many apples does he have?';
const LONG =
  'Janet sells 16 eggs per day for $2 each. Each week she buys 3 bags of feed that cost $12 per bag. ' +
  'After 4 weeks, if Mark pays her twice as much as the remaining total, how much more than half does she earn?';

describe('maths word-problem features', () => {
  it('counts quantities, money, step cues and questions', () => {
    const names = MATH_WORD_FEATURE_NAMES;
    const short = extractMathWordFeatures(SHORT);
    const long = extractMathWordFeatures(LONG);
    expect(short).toHaveLength(names.length);
    const at = (values: number[], name: (typeof names)[number]) =>
      Math.expm1(values[names.indexOf(name)] as number);
    expect(at(short, 'log-quantities')).toBe(1);
    expect(at(long, 'log-quantities')).toBeGreaterThanOrEqual(6);
    expect(at(short, 'log-money')).toBe(0);
    expect(at(long, 'log-money')).toBeGreaterThanOrEqual(4);
    expect(at(long, 'log-step-cues')).toBeGreaterThan(at(short, 'log-step-cues'));
    expect(at(short, 'log-questions')).toBeGreaterThanOrEqual(1);
    expect(at(long, 'log-entities')).toBe(1); // "Mark"; sentence-initial names are not counted
  });

  it('selects features by name, in the order given', () => {
    const all = extractMathWordFeatures(LONG);
    const picked = selectMathWordFeatures(LONG, ['log-money', 'log-quantities']);
    expect(picked).toEqual([
      all[MATH_WORD_FEATURE_NAMES.indexOf('log-money')],
      all[MATH_WORD_FEATURE_NAMES.indexOf('log-quantities')],
    ]);
  });

  it('a trained model records the chosen features; a file written before them still loads and predicts', () => {
    const examples = [SHORT, LONG, `${SHORT} Then 5 more.`, `${LONG} Tax is 10%.`].map((prompt, index) => ({
      prompt,
      taskType: 'math',
      outcomes: { small: { correct: index % 2, cost: 0.001 }, large: { correct: 1, cost: 0.01 } },
    }));
    const options = { stack: false, neighbours: false } as const;
    const withMaths = trainRouterModel({
      examples,
      options: { ...options, mathFeatures: ['log-quantities', 'log-money'], mathFeaturesShared: false },
    });
    expect(withMaths.shape.extra).toEqual(['log-quantities', 'log-money']);
    expect(withMaths.shape.mean).toHaveLength(15);
    const basic = trainRouterModel({ examples, options });
    // Task-crossed only: two more features than the basic model, not four.
    const added = featurizePrompt(withMaths, LONG, 'math').full.indices.length;
    expect(added - featurizePrompt(basic, LONG, 'math').full.indices.length).toBe(2);
    const { extra: _extra, extraShared: _shared, ...olderShape } = basic.shape;
    const older = routerModelSchema.parse({ ...basic, shape: olderShape });
    expect(featurizePrompt(older, LONG, 'math')).toEqual(featurizePrompt(basic, LONG, 'math'));
  });
});
