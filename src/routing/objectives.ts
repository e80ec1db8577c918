import type { Objective } from '../core/chat-request.js';
import type { Candidate } from './constraints.js';

/**
 * Orders eligible candidates by the objective. Cost and speed keep a quality floor relative to the best
 * candidate, so "cheapest" never means "useless".
 */
export function rankCandidates(candidates: readonly Candidate[], objective: Objective): Candidate[] {
  if (candidates.length === 0) return [];
  const bestQuality = Math.max(...candidates.map((candidate) => candidate.quality));
  const inBand = (candidate: Candidate) => candidate.quality >= bestQuality - QUALITY_BAND;
  const byId = (left: Candidate, right: Candidate) => left.model.id.localeCompare(right.model.id);
  // Cost and speed are lexicographic: first whether a candidate is within the quality band, then cost or
  // latency, then quality — so a large price never outweighs the band and "cheapest" never means "useless".
  const compare: Record<Objective, (left: Candidate, right: Candidate) => number> = {
    quality: (left, right) => right.quality - left.quality || left.costUsd - right.costUsd,
    cost: (left, right) =>
      Number(inBand(right)) - Number(inBand(left)) ||
      left.costUsd - right.costUsd ||
      right.quality - left.quality,
    speed: (left, right) =>
      Number(inBand(right)) - Number(inBand(left)) ||
      left.latencyMs - right.latencyMs ||
      right.quality - left.quality,
    balanced: (left, right) => balancedScore(right) - balancedScore(left),
  };
  return [...candidates].sort((left, right) => compare[objective](left, right) || byId(left, right));
}

/** How far below the best quality the cost and speed objectives still look. */
export const QUALITY_BAND = 0.12;

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
