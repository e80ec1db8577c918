import { createHash } from 'node:crypto';
import type { ChatRequest, Objective, RoutingOptions } from '../../core/chat-request.js';
import { ConclaveError } from '../../core/conclave-error.js';
import type { OrchestrationContext } from '../orchestration-context.js';
import { detectTraits } from './adaptive-selection.js';
import { choosePhaseModels, type PhaseModelChoice } from './choose-phase-models.js';
import { INDEPENDENT_CHECKS, PHASE_NEEDS } from './phase-kinds.js';
import type {
  AdaptiveTraits,
  PhaseDefinition,
  PhasePlan,
  PipelinePlan,
  PipelineStrategy,
} from './pipeline-types.js';
import { resolvePipeline } from './resolve-pipeline.js';
import { isCritical, selectPhases } from './select-phases.js';

export interface PipelineInput {
  /** The agent profile (`coding`, `database`, … or a config profile; `coding_agent` works too). */
  agent: string;
  task: string;
  parameters?: Record<string, unknown>;
  /** Run only these phases (by name); dependencies on left-out phases are bridged. */
  enablePhases?: string[];
  /** Overrides the profile's strategy and `pipelines.defaultStrategy`. */
  strategy?: PipelineStrategy;
  /** The caller consents to external (cloud) models for this run. */
  consent?: boolean;
  /** Constraints applied to every phase on top of its own (local only, allow/deny lists, …). */
  routing?: Pick<RoutingOptions, 'localOnly' | 'allow' | 'deny' | 'licenses' | 'maxCostUsd'>;
}

/**
 * The plan: which model runs each phase and why, without calling any model. Every bad input (unknown
 * profile or phase, a cycle, a phase nothing can serve) throws here, before the run starts.
 */
export function planPipeline(context: OrchestrationContext, input: PipelineInput): PipelinePlan {
  const settings = context.config.pipelines;
  const pipeline = resolvePipeline(context.config, input.agent);
  if (input.task.trim() === '')
    throw new ConclaveError('bad-request', `No task given for pipeline "${pipeline.name}".`, {
      hint: 'Describe the task, e.g. conclave pipeline run coding --input "Write a slugify function in TypeScript"',
    });
  const parameters = input.parameters ?? {};
  const traits = detectTraits(input.task, parameters, settings.adaptive);
  const { phases, skipped } = selectPhases(pipeline, input.enablePhases, traits);
  const strategyType = input.strategy ?? pipeline.strategy ?? settings.defaultStrategy;
  const adaptiveObjective = objectiveFor(traits);
  if (adaptiveObjective) traits.changes.push(`${adaptiveObjective} objective for phases without their own`);
  if (traits.creative) traits.changes.push('solution phases routed to creative models');

  const routingOf = (phase: PhaseDefinition): { routing: RoutingOptions; request: ChatRequest } => {
    const needs = PHASE_NEEDS[phase.kind];
    const creative = traits.creative && needs.producesSolution;
    const routing: RoutingOptions = clean({
      ...input.routing,
      objective: phase.objective ?? adaptiveObjective ?? needs.objective(pipeline),
      taskClass: phase.taskClass ?? (creative ? 'creative' : needs.taskClass(pipeline)),
      minQuality: phase.minQuality,
      maxCostUsd: phase.maxCostUsd ?? input.routing?.maxCostUsd,
      maxLatencyClass: phase.maxLatencyClass,
      localOnly: phase.localOnly ?? input.routing?.localOnly,
      allow: phase.allow ?? input.routing?.allow,
      deny: [...(input.routing?.deny ?? []), ...(phase.deny ?? [])],
      expectedOutputTokens: phase.maxOutputTokens ?? needs.maxOutputTokens,
    });
    const request: ChatRequest = {
      prompt: [
        { role: 'system', content: phase.prompt ?? needs.instructions },
        { role: 'user', content: [{ type: 'text', text: input.task }] },
      ],
      options: {},
      routing,
      consent: input.consent,
    };
    return { routing, request };
  };

  const chooser = (phase: PhaseDefinition, avoid?: string): PhaseModelChoice => {
    const { routing, request } = routingOf(phase);
    return choosePhaseModels(context, {
      pipeline: pipeline.name,
      phase,
      request,
      routing,
      maxModels: settings.maxModelsPerPhase,
      avoid,
    });
  };
  const anchor = phases.find((phase) => phase.kind === 'generation') ?? phases[0]!;
  const shared = strategyType === 'single_model' ? chooser(anchor) : undefined;
  const planned: PhasePlan[] = [];
  for (const phase of phases) {
    const author = INDEPENDENT_CHECKS.has(phase.kind) ? solutionAuthor(phase, planned) : undefined;
    const choice = shared ?? chooser(phase, author);
    planned.push(
      toPhasePlan(context, phase, choice, routingOf(phase).routing, {
        timeoutMs: phase.timeoutMs ?? settings.phaseTimeout,
        creative: traits.creative,
        single: shared ? anchor.name : undefined,
      }),
    );
  }
  return {
    agent: pipeline.name,
    description: pipeline.description,
    taskClass: pipeline.taskClass,
    strategyType,
    phases: planned,
    skippedPhases: skipped,
    adaptive: traits,
    maxParallelPhases: settings.maxParallelPhases,
    domainInstructions: pipeline.instructions,
    definitionHash: createHash('sha256').update(JSON.stringify(pipeline)).digest('hex').slice(0, 16),
  };
}

function toPhasePlan(
  context: OrchestrationContext,
  phase: PhaseDefinition,
  choice: PhaseModelChoice,
  routing: RoutingOptions,
  extra: { timeoutMs: number; creative: boolean; single?: string },
): PhasePlan {
  const needs = PHASE_NEEDS[phase.kind];
  const primary = choice.models[0]!;
  const profile = context.profile(primary);
  const why = [
    `${capitalise(needs.role)} (${routing.taskClass}, ${routing.objective}${routing.minQuality !== undefined ? `, min quality ${routing.minQuality}` : ''}).`,
    extra.single ? `single_model strategy: every phase runs on the model chosen for ${extra.single}.` : '',
    choice.why,
    choice.models.length > 1
      ? `Fallbacks: ${choice.models.slice(1).join(', ')}.`
      : 'No fallback model is eligible.',
    ...choice.notes.map((note) => `${capitalise(note)}.`),
  ];
  const creative = extra.creative && needs.producesSolution;
  return {
    phase: phase.name,
    kind: phase.kind,
    dependsOn: phase.dependsOn,
    critical: isCritical(phase),
    primaryModel: {
      model: primary,
      provider: profile?.provider ?? 'unknown',
      location: profile?.location ?? 'local',
    },
    fallbackModels: choice.models.slice(1),
    routing,
    reason: why.filter(Boolean).join(' '),
    estimate: choice.decision.estimate,
    timeoutMs: extra.timeoutMs,
    instructions: phase.prompt ?? needs.instructions,
    temperature: phase.temperature ?? (creative ? 0.9 : needs.temperature),
    maxOutputTokens: phase.maxOutputTokens ?? needs.maxOutputTokens,
  };
}

/** The model that wrote the solution a check phase looks at (nearest solution-producing ancestor). */
function solutionAuthor(phase: PhaseDefinition, planned: PhasePlan[]): string | undefined {
  const byName = new Map(planned.map((plan) => [plan.phase, plan]));
  const queue = [...phase.dependsOn];
  while (queue.length > 0) {
    const plan = byName.get(queue.shift()!);
    if (!plan) continue;
    if (PHASE_NEEDS[plan.kind].producesSolution) return plan.primaryModel.model;
    queue.push(...plan.dependsOn);
  }
  return undefined;
}

/** Speed requests win over complexity: "urgent" means the answer is needed now, even for a hard task. */
function objectiveFor(traits: AdaptiveTraits): Objective | undefined {
  if (traits.speed) return 'speed';
  if (traits.complexity === 'complex') return 'quality';
  if (traits.complexity === 'simple') return 'speed';
  return undefined;
}

function clean(routing: RoutingOptions): RoutingOptions {
  const entries = Object.entries(routing).filter(
    ([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0),
  );
  return Object.fromEntries(entries) as RoutingOptions;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
