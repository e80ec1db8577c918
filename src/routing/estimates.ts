import type { ModelProfile } from '../core/model-profile.js';
import type { TaskClass } from '../core/task-class.js';

export interface QualityEstimate {
  value: number;
  /** 'prior' (catalog), 'outcomes' (learned from the store), 'evidence' (eval battery rules file), 'predictor'. */
  source: string;
  samples: number;
}

/** Learned knowledge the router consults; every method may decline (undefined) and the prior applies. */
export interface EvidenceSource {
  quality?(model: ModelProfile, taskClass: TaskClass, prior: number): QualityEstimate | undefined;
  latencyMs?(model: ModelProfile): number | undefined;
  /** Per-query predicted success probability (learned router), keyed by model id. */
  predict?(text: string, candidates: readonly ModelProfile[]): Map<string, number> | undefined;
}

export function priorQuality(model: ModelProfile, taskClass: TaskClass): number {
  return model.quality[taskClass] ?? model.quality.general ?? 0.5;
}

export function estimateCostUsd(model: ModelProfile, inputTokens: number, outputTokens: number): number {
  return (inputTokens * model.price.inputPerMTok + outputTokens * model.price.outputPerMTok) / 1_000_000;
}

export function estimateLatencyMs(model: ModelProfile, outputTokens: number, learned?: number): number {
  if (learned !== undefined) return learned;
  const ttft = model.latency.ttftMs ?? 1_000;
  const speed = model.latency.tokensPerSec ?? 40;
  return Math.round(ttft + (outputTokens / speed) * 1_000);
}
