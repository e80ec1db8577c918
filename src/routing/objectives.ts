import type { Objective } from '../core/chat-request.js';
import type { Candidate } from './constraints.js';

/**
 * Orders eligible candidates by the objective. Cost and speed keep a quality floor relative to the best
 * candidate, so "cheapest" never means "useless".
 */
export function rankCandidates(candidates: readonly Candidate[], objective: Objective): Candidate[] {
  if (candidates.length === 0) return [];
  const bestQuality = Math.max(...candidates.map((candidate) => candidate.quality));
  const floor = bestQuality - 0.12;
  const score = (candidate: Candidate): number => {
    switch (objective) {
      case 'quality':
        return candidate.quality - candidate.costUsd * 1e-3;
      case 'cost':
        return (candidate.quality >= floor ? 10 : 0) - candidate.costUsd * 1e3 + candidate.quality * 1e-3;
      case 'speed':
        return (candidate.quality >= floor ? 10 : 0) - candidate.latencyMs / 1e3 + candidate.quality * 1e-3;
      case 'balanced':
        return balancedScore(candidate);
    }
  };
  return [...candidates].sort(
    (left, right) => score(right) - score(left) || left.model.id.localeCompare(right.model.id),
  );
}

/**
 * Quality per dollar without dividing by zero: each 10× in cost costs 0.07 quality. Latency only breaks
 * near-ties (0.002 per second); the speed objective is for when latency matters.
 */
export function balancedScore(candidate: Candidate): number {
  return (
    candidate.quality -
    0.07 * Math.log10(1 + candidate.costUsd / 1e-4) -
    0.002 * (candidate.latencyMs / 1_000)
  );
}
