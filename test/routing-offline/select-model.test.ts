import { describe, expect, it } from 'vitest';
import { chooseByWillingnessToPay, chooseWithinTolerance } from '../../src/routing/learned/select-model.js';

const success = [0.6, 0.8, 0.85];
const cost = [0.001, 0.004, 0.02];

describe('selection rules', () => {
  it('p − λ·cost moves from the best model to cheaper ones as λ grows', () => {
    expect(chooseByWillingnessToPay(success, cost, 0)).toBe(2);
    // λ = 10: 0.59, 0.76, 0.65 → the middle model.
    expect(chooseByWillingnessToPay(success, cost, 10)).toBe(1);
    // λ = 100: 0.5, 0.4, −1.15 → the cheapest.
    expect(chooseByWillingnessToPay(success, cost, 100)).toBe(0);
  });

  it('breaks ties toward the cheaper model', () => {
    expect(chooseByWillingnessToPay([0.7, 0.7], [0.01, 0.001], 0)).toBe(1);
  });

  it('picks the cheapest model within τ of the best prediction', () => {
    expect(chooseWithinTolerance(success, cost, 0)).toBe(2);
    expect(chooseWithinTolerance(success, cost, 0.05)).toBe(1);
    expect(chooseWithinTolerance(success, cost, 0.25)).toBe(0);
  });
});
