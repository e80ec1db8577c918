import { requireModel } from '../catalog/find-model.js';
import type { ConclaveConfig } from '../config/config-schema.js';
import type { ChatRequest, Objective, RoutingOptions } from '../core/chat-request.js';
import type { ModelProfile } from '../core/model-profile.js';
import type { RoutingDecision } from '../core/routing-decision.js';
import { isTaskClass, type TaskClass } from '../core/task-class.js';
import { catalogSnapshot, smallestContextWindow } from './catalog-snapshot.js';
import { type Classification, createClassifier } from './classify/classify-request.js';
import { promptText } from './classify/prompt-text.js';
import { applyConstraints, type Candidate, type ConstraintContext } from './constraints.js';
import { promptTokensFor } from './count-tokens.js';
import { type EvidenceSource, estimateCostUsd, estimateLatencyMs, priorQuality } from './estimates.js';
import { explainDecision } from './explain-decision.js';
import { rankCandidates } from './objectives.js';
import { parseModelField } from './parse-model-field.js';
import { namedModelRefused, noEligibleModel } from './routing-errors.js';

export interface Pin {
  model: string;
  allowFallbacks: boolean;
}

export interface RouterOptions {
  config: ConclaveConfig;
  profiles: () => readonly ModelProfile[];
  evidence?: EvidenceSource;
  healthBlock?: (model: ModelProfile) => string | undefined;
  pinFor?: (sessionId: string) => Pin | undefined;
  learnedClassifier?: (text: string) => { taskClass: TaskClass; probability: number } | undefined;
}

export interface DecideExtras {
  wantsEmbedding?: boolean;
}

const DEFAULT_EXPECTED_OUTPUT = 512;
const MAX_TARGETS = 5;

export function createRouter(options: RouterOptions) {
  const { config } = options;
  const classify = createClassifier({ keywords: config.routing.keywords, patterns: config.routing.patterns });

  function decide(request: ChatRequest, extras: DecideExtras = {}): RoutingDecision {
    const field = parseModelField(request.model);
    const routing: RoutingOptions = { ...configRouting(config), ...request.routing };
    const objective: Objective =
      routing.objective ?? (field.kind === 'auto' ? field.objective : undefined) ?? config.routing.objective;
    const text = promptText(request.prompt);
    const classification = routing.taskClass
      ? forced(routing.taskClass)
      : classify({
          lastUser: text.lastUser,
          hasImage: text.hasImage,
          hasTools: (request.options.tools?.length ?? 0) > 0,
          wantsEmbedding: extras.wantsEmbedding,
          learned: options.learnedClassifier?.(text.lastUser),
        });
    const taskClass = classification.taskClass;
    const outputTokens =
      routing.expectedOutputTokens ?? request.options.maxOutputTokens ?? DEFAULT_EXPECTED_OUTPUT;
    const profiles = options.profiles();
    const smallestWindow = smallestContextWindow(profiles);
    const promptTokens = extras.wantsEmbedding
      ? 0
      : promptTokensFor(request.prompt, smallestWindow, outputTokens).tokens;
    const snapshot = catalogSnapshot(profiles);
    const predictions = options.evidence?.predict?.(text.lastUser, snapshot.available);
    const candidateFor = (model: ModelProfile) =>
      toCandidate(model, taskClass, promptTokens, outputTokens, predictions);
    const context: ConstraintContext = {
      taskClass,
      objective,
      contextTokens: promptTokens + outputTokens,
      needs: {
        tools: (request.options.tools?.length ?? 0) > 0,
        vision: text.hasImage,
        json: request.options.responseFormat?.type === 'json',
        embeddings: extras.wantsEmbedding === true,
      },
      routing,
      allowExternal: config.privacy.allowExternal || request.consent === true,
      healthBlock: options.healthBlock,
    };
    const pin = request.sessionId ? options.pinFor?.(request.sessionId) : undefined;
    const named = field.kind === 'model' ? field.name : pin?.model;
    const base = { classification, objective, contextTokens: context.contextTokens };
    if (named) {
      const allowFallbacks =
        routing.allowFallbacks ?? (field.kind === 'model' ? true : (pin?.allowFallbacks ?? false));
      return decideNamed(
        snapshot.find(named) ?? requireModel(profiles, named),
        candidateFor,
        context,
        allowFallbacks,
        base,
      );
    }
    // Unavailable models are excluded without evaluating them (most of the catalog on a typical machine).
    const { eligible, excluded } = applyConstraints(snapshot.available.map(candidateFor), context);
    excluded.push(...snapshot.unavailable);
    if (eligible.length === 0) throw noEligibleModel(excluded, context);
    const ranked = rankCandidates(eligible, objective);
    const preferred = config.defaults[taskClass];
    const primary =
      eligible.find((candidate) => preferred && matchesId(candidate.model, preferred)) ?? ranked[0]!;
    const targets = orderTargets(primary, ranked, eligible, taskClass, objective);
    return explainDecision({
      ...base,
      targets,
      eligibleCount: eligible.length,
      excluded,
      pinned: false,
      preferredDefault: primary !== ranked[0],
    });
  }

  function decideNamed(
    model: ModelProfile,
    candidateFor: (model: ModelProfile) => Candidate,
    context: ConstraintContext,
    allowFallbacks: boolean,
    base: { classification: Classification; objective: Objective; contextTokens: number },
  ): RoutingDecision {
    const own = candidateFor(model);
    const ownCheck = applyConstraints([own], {
      ...context,
      routing: { ...context.routing, allow: undefined, maxCostUsd: undefined, minQuality: undefined },
    });
    // Only the named model and its configured fallbacks are evaluated: the caller chose, the router backs it up.
    const profiles = options.profiles();
    const fallbackProfiles = allowFallbacks
      ? configuredFallbacks(model.id, context.taskClass).flatMap((id) =>
          profiles.filter((profile) => profile.id !== model.id && matchesId(profile, id)),
        )
      : [];
    const { eligible, excluded } = applyConstraints(fallbackProfiles.map(candidateFor), context);
    if (ownCheck.eligible.length === 0) {
      const because = ownCheck.excluded[0]?.because ?? 'not eligible';
      if (eligible.length === 0) throw namedModelRefused(model, because, context);
      excluded.unshift({ model: model.id, because });
      return explainDecision({
        ...base,
        targets: unique(eligible),
        eligibleCount: eligible.length,
        excluded,
        pinned: true,
        preferredDefault: false,
      });
    }
    return explainDecision({
      ...base,
      targets: unique([own, ...eligible]),
      eligibleCount: 1 + eligible.length,
      excluded,
      pinned: true,
      preferredDefault: false,
    });
  }

  function orderTargets(
    primary: Candidate,
    ranked: Candidate[],
    eligible: Candidate[],
    taskClass: TaskClass,
    objective: Objective,
  ): Candidate[] {
    const chain: Candidate[] = [primary];
    for (const entry of configuredFallbacks(primary.model.id, taskClass)) {
      const found =
        eligible.find((candidate) => matchesId(candidate.model, entry)) ??
        bestFor(entry, eligible, objective);
      if (found) chain.push(found);
    }
    chain.push(...ranked);
    return unique(chain).slice(0, MAX_TARGETS);
  }

  /** Fallback entries of a model, then of its task class: model ids or task classes (their default). */
  function configuredFallbacks(modelId: string, taskClass: TaskClass): string[] {
    const profile = options.profiles().find((candidate) => candidate.id === modelId);
    const entries = [
      ...(profile?.fallbacks ?? []),
      ...(config.fallbacks[modelId] ?? []),
      ...(config.fallbacks[taskClass] ?? []),
    ];
    return entries.map((entry) =>
      isTaskClass(entry) ? (config.defaults[entry as TaskClass] ?? entry) : entry,
    );
  }

  function bestFor(
    taskClassName: string,
    eligible: Candidate[],
    objective: Objective,
  ): Candidate | undefined {
    if (!isTaskClass(taskClassName)) return undefined;
    const rescored = eligible.map((candidate) => ({
      ...candidate,
      quality: priorQuality(candidate.model, taskClassName as TaskClass),
    }));
    const best = rankCandidates(rescored, objective)[0];
    return best ? eligible.find((candidate) => candidate.model.id === best.model.id) : undefined;
  }

  function toCandidate(
    model: ModelProfile,
    taskClass: TaskClass,
    inputTokens: number,
    outputTokens: number,
    predictions?: Map<string, number>,
  ): Candidate {
    const prior = priorQuality(model, taskClass);
    const predicted = predictions?.get(model.id);
    const learned =
      predicted === undefined ? options.evidence?.quality?.(model, taskClass, prior) : undefined;
    return {
      model,
      quality: predicted ?? learned?.value ?? prior,
      qualitySource:
        predicted !== undefined
          ? 'per-query predictor'
          : learned
            ? `${learned.source}, n=${learned.samples}`
            : 'catalog prior',
      costUsd: estimateCostUsd(model, inputTokens, outputTokens),
      latencyMs: estimateLatencyMs(model, outputTokens, options.evidence?.latencyMs?.(model)),
    };
  }

  return { decide, classify };
}

export type Router = ReturnType<typeof createRouter>;

function configRouting(config: ConclaveConfig): RoutingOptions {
  const { minQuality, maxCostUsd, licenses, allow, deny } = config.routing;
  return Object.fromEntries(
    Object.entries({ minQuality, maxCostUsd, licenses, allow, deny }).filter(
      ([, value]) => value !== undefined,
    ),
  ) as RoutingOptions;
}

function forced(taskClass: TaskClass): Classification {
  return {
    taskClass,
    confidence: 1,
    signals: ['task class given by the request'],
    complexity: 'normal',
    urgent: false,
    creative: false,
  };
}

function matchesId(model: ModelProfile, id: string): boolean {
  const wanted = id.toLowerCase();
  return (
    model.id.toLowerCase() === wanted || (model.aliases ?? []).some((alias) => alias.toLowerCase() === wanted)
  );
}

function unique(candidates: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter((candidate) => !seen.has(candidate.model.id) && seen.add(candidate.model.id));
}
