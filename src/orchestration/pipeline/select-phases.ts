import { ConclaveError } from '../../core/conclave-error.js';
import { PHASE_NEEDS } from './phase-kinds.js';
import type {
  AdaptiveTraits,
  PhaseDefinition,
  PhaseKind,
  PipelineDefinition,
  SkippedPhase,
} from './pipeline-types.js';

/** Quality-loop phases a simple task can do without. */
const OPTIONAL_FOR_SIMPLE: ReadonlySet<PhaseKind> = new Set(['research', 'review', 'refinement']);

export interface SelectedPhases {
  phases: PhaseDefinition[];
  skipped: SkippedPhase[];
}

/**
 * The phases to run: `enablePhases` (validated), minus the quality loop for simple tasks. A phase whose
 * dependency is left out depends on that dependency's own dependencies instead, so the graph stays connected.
 */
export function selectPhases(
  pipeline: PipelineDefinition,
  enablePhases: readonly string[] | undefined,
  traits: AdaptiveTraits,
): SelectedPhases {
  const names = pipeline.phases.map((phase) => phase.name);
  if (enablePhases !== undefined) {
    if (enablePhases.length === 0)
      throw new ConclaveError('bad-request', `No phases enabled for pipeline "${pipeline.name}".`, {
        hint: `Name at least one of: ${names.join(', ')}.`,
      });
    for (const wanted of enablePhases) {
      if (!names.includes(wanted))
        throw new ConclaveError('bad-request', `Unknown phase "${wanted}" for pipeline "${pipeline.name}".`, {
          param: 'enablePhases',
          hint: `Phases of ${pipeline.name}: ${names.join(', ')}.`,
        });
    }
  }
  const skipped: SkippedPhase[] = [];
  let kept = pipeline.phases.filter((phase) => {
    if (enablePhases === undefined || enablePhases.includes(phase.name)) return true;
    skipped.push({ phase: phase.name, cause: 'disabled', reason: 'not in enablePhases' });
    return false;
  });
  if (traits.complexity === 'simple' && enablePhases === undefined) {
    const dropped = kept.filter((phase) => OPTIONAL_FOR_SIMPLE.has(phase.kind) && !isCritical(phase));
    if (dropped.length > 0 && dropped.length < kept.length) {
      kept = kept.filter((phase) => !dropped.includes(phase));
      for (const phase of dropped)
        skipped.push({ phase: phase.name, cause: 'adaptive', reason: 'dropped: the task is simple' });
      traits.changes.push(
        `fewer phases for a simple task (dropped ${dropped.map((p) => p.name).join(', ')})`,
      );
    }
  }
  const keptNames = new Set(kept.map((phase) => phase.name));
  const byName = new Map(pipeline.phases.map((phase) => [phase.name, phase]));
  const bridge = (name: string, seen: Set<string>): string[] => {
    if (keptNames.has(name)) return [name];
    if (seen.has(name)) return [];
    seen.add(name);
    return (byName.get(name)?.dependsOn ?? []).flatMap((dependency) => bridge(dependency, seen));
  };
  const phases = kept.map((phase) => ({
    ...phase,
    dependsOn: [...new Set(phase.dependsOn.flatMap((dependency) => bridge(dependency, new Set())))],
  }));
  return { phases: orderTopologically(phases), skipped };
}

export function isCritical(phase: PhaseDefinition): boolean {
  return phase.critical ?? PHASE_NEEDS[phase.kind].critical;
}

/** Dependencies first, otherwise in definition order (the graph was checked for cycles already). */
function orderTopologically(phases: PhaseDefinition[]): PhaseDefinition[] {
  const ordered: PhaseDefinition[] = [];
  const placed = new Set<string>();
  while (ordered.length < phases.length) {
    const next = phases.find(
      (phase) => !placed.has(phase.name) && phase.dependsOn.every((dependency) => placed.has(dependency)),
    );
    if (!next) throw new ConclaveError('config', 'Pipeline phases form a dependency cycle.');
    ordered.push(next);
    placed.add(next.name);
  }
  return ordered;
}
