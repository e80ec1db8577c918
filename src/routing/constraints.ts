import type { Objective, RoutingOptions } from '../core/chat-request.js';
import { LATENCY_CLASSES, type ModelProfile } from '../core/model-profile.js';
import type { ExcludedCandidate } from '../core/routing-decision.js';
import type { TaskClass } from '../core/task-class.js';

export interface Candidate {
  model: ModelProfile;
  quality: number;
  qualitySource: string;
  costUsd: number;
  latencyMs: number;
}

export interface ConstraintContext {
  taskClass: TaskClass;
  objective: Objective;
  contextTokens: number;
  needs: { tools: boolean; vision: boolean; json: boolean; embeddings: boolean };
  routing: RoutingOptions;
  allowExternal: boolean;
  /** Circuit breakers and other health state: a reason when the model must not be used now. */
  healthBlock?: (model: ModelProfile) => string | undefined;
}

type Check = (candidate: Candidate, context: ConstraintContext) => string | undefined;

const format = (value: number) => value.toLocaleString('en-US');
const money = (value: number) => `$${value < 0.01 ? value.toPrecision(2) : value.toFixed(4)}`;

/** Hard constraints in the order their reasons are most useful to a reader. Each returns why it excludes. */
const CHECKS: Check[] = [
  ({ model }) =>
    model.available ? undefined : `not available (${model.unavailableReason ?? 'provider not configured'})`,
  ({ model }, context) => context.healthBlock?.(model),
  ({ model }, { routing }) =>
    routing.deny?.some((entry) => matches(model, entry)) ? 'in the deny list' : undefined,
  ({ model }, { routing }) =>
    routing.allow && routing.allow.length > 0 && !routing.allow.some((entry) => matches(model, entry))
      ? 'not in the allow list'
      : undefined,
  ({ model }, { routing, allowExternal }) => {
    if (model.location !== 'external') return undefined;
    if (routing.localOnly) return 'external (cloud) model; the request asked to stay local';
    return allowExternal
      ? undefined
      : 'external (cloud) model; privacy.allowExternal is off and the request did not consent';
  },
  ({ model }, { routing }) =>
    routing.licenses && !routing.licenses.includes(model.license)
      ? `license tier ${model.license} is not allowed (allowed: ${routing.licenses.join(', ')})`
      : undefined,
  ({ model }, { contextTokens }) =>
    model.contextWindow < contextTokens
      ? `context window ${format(model.contextWindow)} tokens < ${format(contextTokens)} needed`
      : undefined,
  ({ model }, { needs }) =>
    needs.tools && !model.supports.tools ? 'does not support tool calls' : undefined,
  ({ model }, { needs }) => (needs.vision && !model.supports.vision ? 'cannot read images' : undefined),
  ({ model }, { needs }) => (needs.json && !model.supports.json ? 'has no JSON mode' : undefined),
  ({ model }, { needs }) =>
    needs.embeddings !== model.supports.embeddings
      ? needs.embeddings
        ? 'is not an embedding model'
        : 'is an embedding model'
      : undefined,
  ({ costUsd }, { routing }) =>
    routing.maxCostUsd !== undefined && costUsd > routing.maxCostUsd
      ? `estimated cost ${money(costUsd)} exceeds the ${money(routing.maxCostUsd)} cap`
      : undefined,
  ({ model }, { routing }) =>
    routing.maxLatencyClass &&
    LATENCY_CLASSES.indexOf(model.latency.class) > LATENCY_CLASSES.indexOf(routing.maxLatencyClass)
      ? `latency class ${model.latency.class} is slower than ${routing.maxLatencyClass}`
      : undefined,
  ({ model }, { routing }) =>
    routing.firstTokenBudgetMs !== undefined && (model.latency.ttftMs ?? 1_000) > routing.firstTokenBudgetMs
      ? `first token in ~${model.latency.ttftMs ?? 1_000} ms exceeds the ${routing.firstTokenBudgetMs} ms budget`
      : undefined,
  ({ quality }, { routing, taskClass }) =>
    routing.minQuality !== undefined && quality < routing.minQuality
      ? `quality ${quality.toFixed(2)} for ${taskClass} is below the ${routing.minQuality} floor`
      : undefined,
];

export function applyConstraints(
  candidates: readonly Candidate[],
  context: ConstraintContext,
): { eligible: Candidate[]; excluded: ExcludedCandidate[] } {
  const eligible: Candidate[] = [];
  const excluded: ExcludedCandidate[] = [];
  for (const candidate of candidates) {
    let because: string | undefined;
    for (const check of CHECKS) {
      because = check(candidate, context);
      if (because) break;
    }
    if (because) excluded.push({ model: candidate.model.id, because });
    else eligible.push(candidate);
  }
  return { eligible, excluded };
}

function matches(model: ModelProfile, entry: string): boolean {
  const wanted = entry.toLowerCase();
  if (wanted.endsWith('*'))
    return model.id.toLowerCase().startsWith(wanted.slice(0, -1)) || model.provider === wanted.slice(0, -1);
  return [
    model.id,
    model.provider,
    `${model.provider}/${model.providerModelId}`,
    ...(model.aliases ?? []),
  ].some((name) => name.toLowerCase() === wanted);
}
