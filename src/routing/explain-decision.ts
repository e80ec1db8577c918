import type { Objective } from '../core/chat-request.js';
import type { ExcludedCandidate, RoutingDecision } from '../core/routing-decision.js';
import type { Classification } from './classify/classify-request.js';
import type { Candidate } from './constraints.js';

export interface ExplainInput {
  classification: Classification;
  objective: Objective;
  contextTokens: number;
  targets: Candidate[];
  eligibleCount: number;
  excluded: ExcludedCandidate[];
  pinned: boolean;
  preferredDefault: boolean;
}

/** Builds the decision and its one-paragraph human reason. */
export function explainDecision(input: ExplainInput): RoutingDecision {
  const primary = input.targets[0]!;
  const { classification } = input;
  const model = primary.model;
  const specialist = model.specialist !== undefined && model.specialist === classification.taskClass;
  const traits = [
    specialist ? `${model.specialist} specialist` : 'general model',
    model.location === 'local' ? 'runs locally' : `external via ${model.provider}`,
    primary.costUsd === 0 ? 'free' : `est. $${primary.costUsd.toPrecision(2)}`,
    `~${formatMs(primary.latencyMs)}`,
    `quality ${primary.quality.toFixed(2)} (${primary.qualitySource})`,
  ];
  const why = input.pinned
    ? 'requested by the caller'
    : input.preferredDefault
      ? `configured default for ${classification.taskClass}`
      : `best ${input.objective} score of ${input.eligibleCount} eligible model${input.eligibleCount === 1 ? '' : 's'}`;
  const sentences = [
    `${classification.taskClass} task (${classification.signals.slice(0, 3).join(', ')}; confidence ${classification.confidence.toFixed(2)}).`,
    `Chose ${model.id}: ${traits.join(', ')}; ${why}.`,
  ];
  if (input.targets.length > 1)
    sentences.push(
      `Fallbacks: ${input.targets
        .slice(1)
        .map((target) => target.model.id)
        .join(', ')}.`,
    );
  if (input.excluded.length > 0) {
    const shown = input.excluded
      .filter(
        (entry) => !entry.because.startsWith('not available') && !entry.because.includes('embedding model'),
      )
      .slice(0, 3);
    const detail = shown.map((entry) => `${entry.model} (${entry.because})`).join('; ');
    sentences.push(`${input.excluded.length} excluded${detail ? `, e.g. ${detail}` : ''}.`);
  }
  return {
    taskClass: classification.taskClass,
    confidence: classification.confidence,
    objective: input.objective,
    targets: input.targets.map((target) => target.model.id),
    reason: sentences.join(' '),
    excluded: input.excluded,
    estimate: { costUsd: primary.costUsd, latencyMs: primary.latencyMs, quality: primary.quality },
    signals: classification.signals,
    contextTokens: input.contextTokens,
    specialist,
    pinned: input.pinned,
    evidence: [...new Set(input.targets.map((target) => target.qualitySource))],
  };
}

function formatMs(milliseconds: number): string {
  return milliseconds >= 1_000 ? `${(milliseconds / 1_000).toFixed(1)} s` : `${Math.round(milliseconds)} ms`;
}
