import { ConclaveError } from '../../core/conclave-error.js';
import { PHASE_NEEDS } from './phase-kinds.js';
import type { PhaseOutput } from './phase-prompt.js';
import type { PhasePlan, PhaseResult, PipelineEvent, SkippedPhase } from './pipeline-types.js';

export interface DagInput {
  /** Dependencies first. */
  plans: PhasePlan[];
  maxParallel: number;
  signal?: AbortSignal;
  runPhase: (
    plan: PhasePlan,
    outputs: ReadonlyMap<string, PhaseOutput>,
    signal: AbortSignal,
  ) => Promise<PhaseResult>;
  onEvent: (event: PipelineEvent) => void;
}

export interface DagOutcome {
  /** In plan order. */
  results: PhaseResult[];
  skipped: SkippedPhase[];
  /** The critical phase whose failure aborted the run. */
  abortedBy?: PhaseResult;
}

/**
 * Runs phases as a DAG: a phase starts once every dependency has finished (or was skipped), at most
 * `maxParallel` at a time. A critical phase failing aborts the others; a non-critical one is skipped and
 * its dependents run without its output.
 */
export async function runDag({
  plans,
  maxParallel,
  signal,
  runPhase,
  onEvent,
}: DagInput): Promise<DagOutcome> {
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (signal?.aborted) onOuterAbort();
  const settled = new Map<string, PhaseOutput>();
  const results = new Map<string, PhaseResult>();
  const skipped: SkippedPhase[] = [];
  const running = new Map<string, Promise<PhaseResult>>();
  const pending = [...plans];
  let abortedBy: PhaseResult | undefined;
  try {
    while (pending.length > 0 || running.size > 0) {
      while (!controller.signal.aborted && running.size < maxParallel) {
        const index = pending.findIndex((plan) => plan.dependsOn.every((name) => settled.has(name)));
        if (index < 0) break;
        const [plan] = pending.splice(index, 1);
        running.set(plan!.phase, runPhase(plan!, ancestorOutputs(plan!, plans, settled), controller.signal));
      }
      if (running.size === 0) break;
      const result = await Promise.race(running.values());
      running.delete(result.phase);
      results.set(result.phase, result);
      const plan = plans.find((candidate) => candidate.phase === result.phase)!;
      if (result.success) {
        settled.set(plan.phase, {
          status: 'ok',
          text: result.result ?? '',
          model: result.modelUsed,
          kind: plan.kind,
        });
        onEvent({ type: 'phase-done', phase: plan.phase, result });
      } else if (controller.signal.aborted) {
        // Cancelled because the run is being aborted; the abort already explains it.
      } else if (plan.critical) {
        abortedBy = result;
        onEvent({ type: 'aborted', phase: plan.phase, reason: result.error ?? 'failed' });
        controller.abort(new ConclaveError('cancelled', `critical phase ${plan.phase} failed`));
      } else {
        const reason = `${plan.phase} failed (${result.error ?? 'no model answered'}); ${consequence(plan, plans)}`;
        skipped.push({ phase: plan.phase, cause: 'failed', reason });
        settled.set(plan.phase, { status: 'skipped', reason, kind: plan.kind });
        onEvent({ type: 'phase-skipped', phase: plan.phase, reason, result });
      }
    }
  } finally {
    signal?.removeEventListener('abort', onOuterAbort);
  }
  const ordered = plans.flatMap((plan) => results.get(plan.phase) ?? []);
  return { results: ordered, skipped, abortedBy };
}

/** Outputs of every phase this one depends on, directly or through others, in plan order. */
function ancestorOutputs(
  plan: PhasePlan,
  plans: PhasePlan[],
  settled: ReadonlyMap<string, PhaseOutput>,
): Map<string, PhaseOutput> {
  const byName = new Map(plans.map((candidate) => [candidate.phase, candidate]));
  const ancestors = new Set<string>();
  const queue = [...plan.dependsOn];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (ancestors.has(name)) continue;
    ancestors.add(name);
    queue.push(...(byName.get(name)?.dependsOn ?? []));
  }
  const outputs = new Map<string, PhaseOutput>();
  for (const candidate of plans) {
    const output = settled.get(candidate.phase);
    if (ancestors.has(candidate.phase) && output) outputs.set(candidate.phase, output);
  }
  return outputs;
}

/** What skipping a failed phase means for the rest of the run, in the result's words. */
function consequence(plan: PhasePlan, plans: PhasePlan[]): string {
  const dependents = plans.filter((candidate) => candidate.dependsOn.includes(plan.phase));
  if (dependents.length > 0) {
    const names = dependents.map((dependent) => dependent.phase).join(', ');
    return `${names} ${dependents.length > 1 ? 'continue' : 'continues'} without ${plan.kind === 'review' ? 'a review' : 'its output'}`;
  }
  if (PHASE_NEEDS[plan.kind].producesSolution) {
    const earlier = plans
      .slice(0, plans.indexOf(plan))
      .filter((candidate) => PHASE_NEEDS[candidate.kind].producesSolution)
      .at(-1);
    return earlier ? `the ${earlier.phase} output is kept as the final result` : 'it produced no output';
  }
  if (plan.kind === 'validation') return 'the result is not validated';
  return 'its output is left out';
}
