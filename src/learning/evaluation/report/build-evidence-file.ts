import { type EvidenceFile, evidenceFileSchema } from '../../../routing/evidence/evidence-file.js';
import type { ModelStats, TaskTypeStats } from './aggregate-evidence.js';
import { describeRecommendation } from './describe-recommendation.js';
import type { Recommendation } from './recommend-models.js';

export interface EvidenceFileInput {
  stats: readonly TaskTypeStats[];
  recommendations: readonly Recommendation[];
  baseline?: string;
  source: string;
  generatedAt: Date;
}

const round = (value: number | undefined, digits = 4) =>
  value === undefined ? undefined : Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * The routing rules file in exactly the router's schema (validated before it is returned). A task type
 * appears only when it has a primary; every measured model is listed, and the router uses those it knows.
 */
export function buildEvidenceFile(input: EvidenceFileInput): EvidenceFile {
  const taskTypes: EvidenceFile['taskTypes'] = {};
  for (const recommendation of input.recommendations) {
    if (!recommendation.primary) continue;
    const stats = input.stats.find((entry) => entry.taskType === recommendation.taskType)!;
    const baseline = stats.models.find((model) => model.model === input.baseline);
    taskTypes[recommendation.taskType] = {
      primary: recommendation.primary.model,
      alternatives: recommendation.alternatives.map((model) => model.model),
      recommendation: describeRecommendation(recommendation, baseline),
      models: Object.fromEntries(stats.models.map((model) => [model.model, modelEvidence(model, baseline)])),
    };
  }
  return evidenceFileSchema.parse({
    version: 1,
    generatedAt: input.generatedAt.toISOString(),
    source: input.source,
    baseline: input.baseline,
    taskTypes,
  });
}

function modelEvidence(model: ModelStats, baseline: ModelStats | undefined) {
  return {
    quality: round(model.quality)!,
    samples: model.samples,
    ci: [round(model.ci[0])!, round(model.ci[1])!] as [number, number],
    qualityRatio: qualityRatio(model, baseline),
    latencyMs: round(model.latencyMs, 1),
    ttftMs: round(model.ttftMs, 1),
    tokensPerSec: round(model.tokensPerSec, 1),
    costUsd: round(model.costUsd, 8),
  };
}

/** Measured quality relative to the baseline on the same task type (1.15 = 15% better). */
export function qualityRatio(model: ModelStats, baseline: ModelStats | undefined): number | undefined {
  if (!baseline || baseline.quality <= 0) return undefined;
  return round(model.quality / baseline.quality, 3);
}
