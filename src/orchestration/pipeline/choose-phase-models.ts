import type { ChatRequest, RoutingOptions } from '../../core/chat-request.js';
import { ConclaveError, isConclaveError } from '../../core/conclave-error.js';
import type { RoutingDecision } from '../../core/routing-decision.js';
import type { OrchestrationContext } from '../orchestration-context.js';
import type { PhaseDefinition } from './pipeline-types.js';

export interface PhaseModelChoice {
  /** Primary first, then the phase's fallbacks. */
  models: string[];
  /** The router's decision for the primary. */
  decision: RoutingDecision;
  /** Why the primary: "Chose X: traits; why." */
  why: string;
  /** Preferred or fallback models left out, and why. */
  notes: string[];
}

export interface ChooseModelsInput {
  pipeline: string;
  phase: PhaseDefinition;
  request: ChatRequest;
  routing: RoutingOptions;
  maxModels: number;
  /** A model to move behind the others (the solution's author, for an independent check). */
  avoid?: string;
}

/**
 * Asks the router for the phase's model: configured preferred models first (when eligible), then the
 * router's choice for the phase's own needs, then configured fallbacks and the router's ranked fallbacks.
 * Throws before any model is called when nothing is eligible.
 */
export function choosePhaseModels(
  context: OrchestrationContext,
  { pipeline, phase, request, routing, maxModels, avoid }: ChooseModelsInput,
): PhaseModelChoice {
  const notes: string[] = [];
  const named = new Map<string, RoutingDecision>();
  const eligible = (ids: readonly string[] = [], label: string): string[] =>
    ids.flatMap((id) => {
      try {
        const decision = context.route({
          ...request,
          model: id,
          routing: { ...routing, allowFallbacks: false },
        });
        const resolved = decision.targets[0]!;
        named.set(resolved, decision);
        return [resolved];
      } catch (error) {
        if (isConclaveError(error, 'not-found'))
          throw new ConclaveError(
            'config',
            `Phase "${phase.name}" of pipeline "${pipeline}" names unknown model "${id}" in ${label}.`,
            { hint: error.hint ?? 'Run `conclave models` to list model ids.' },
          );
        const why = error instanceof Error ? error.message : String(error);
        const noun = label === 'models' ? 'preferred model' : 'fallback model';
        notes.push(`${noun} ${id} skipped: ${why.replace(/\.$/, '')}`);
        return [];
      }
    });
  const preferred = eligible(phase.models, 'models');
  const configuredFallbacks = eligible(phase.fallbackModels, 'fallbackModels');
  let routed: RoutingDecision | undefined;
  let routeError: unknown;
  try {
    routed = context.route({ ...request, model: undefined, routing });
  } catch (error) {
    routeError = error;
  }
  const routedTargets = routed?.targets ?? [];
  const ordered = unique([
    ...preferred,
    ...routedTargets.slice(0, 1),
    ...configuredFallbacks,
    ...routedTargets.slice(1),
  ]);
  if (ordered.length === 0) throw noEligibleModel(pipeline, phase, routing, routeError, notes);
  let because = preferred.length > 0 ? 'preferred for this phase in the config' : undefined;
  let models = ordered.slice(0, maxModels);
  if (avoid && preferred.length === 0 && ordered[0] === avoid && ordered.length > 1) {
    // The author stays as the last resort: a self-review beats no review.
    const others = ordered.filter((id) => id !== avoid);
    models = maxModels > 1 ? [...others.slice(0, maxModels - 1), avoid] : others.slice(0, 1);
    because = `${avoid} wrote the solution, so another model checks it`;
  }
  const primary = models[0]!;
  const decision =
    named.get(primary) ??
    (routed && routed.targets[0] === primary
      ? routed
      : context.route({ ...request, model: primary, routing: { ...routing, allowFallbacks: false } }));
  const chosen = /Chose [^;]+/.exec(decision.reason)?.[0] ?? `Chose ${primary}`;
  const routerWhy = /Chose [^;]+; ([^.]+)\./.exec(decision.reason)?.[1];
  return { models, decision, why: `${chosen}; ${because ?? routerWhy ?? "the router's choice"}.`, notes };
}

function noEligibleModel(
  pipeline: string,
  phase: PhaseDefinition,
  routing: RoutingOptions,
  cause: unknown,
  notes: string[],
): ConclaveError {
  const detail = cause instanceof Error ? cause.message : 'no model is eligible';
  const needs = [
    routing.taskClass,
    routing.objective,
    routing.minQuality === undefined ? undefined : `min quality ${routing.minQuality}`,
    routing.maxCostUsd === undefined ? undefined : `max cost $${routing.maxCostUsd}`,
    routing.maxLatencyClass === undefined ? undefined : `latency ${routing.maxLatencyClass} or faster`,
    routing.localOnly ? 'local only' : undefined,
    routing.allow?.length ? `allow ${routing.allow.join(', ')}` : undefined,
  ].filter(Boolean);
  return new ConclaveError(
    isConclaveError(cause) ? cause.kind : 'unavailable',
    `Phase "${phase.name}" of pipeline "${pipeline}" has no eligible model for its needs (${needs.join(', ')}): ${detail}${notes.length ? ` (${notes.join('; ')})` : ''}`,
    {
      retryable: false,
      cause,
      hint:
        (isConclaveError(cause) ? cause.hint : undefined) ??
        `Relax the phase's constraints (pipelines.profiles.${pipeline}.phases) or make a model available (\`conclave models\`).`,
    },
  );
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
