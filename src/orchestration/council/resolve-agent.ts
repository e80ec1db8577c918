import type { Archetype } from '../../catalog/archetypes.js';
import { ConclaveError } from '../../core/conclave-error.js';
import type { OrchestrationContext } from '../orchestration-context.js';
import type { CouncilMember } from './council-run.js';
import { noModelReason, toMember } from './resolve-council.js';

/**
 * One archetype on the day's rotated model (`conclave run --agent strategist`): its role prompt, the model, and
 * why that model. Unknown archetypes and archetypes without an available model fail before any call.
 */
export function resolveAgent(
  context: Pick<OrchestrationContext, 'archetypes' | 'assignments'>,
  name: string,
  date?: string,
): { archetype: Archetype; member: CouncilMember } {
  const archetypes = context.archetypes();
  const archetype = archetypes.find((candidate) => candidate.name === name.trim());
  if (!archetype)
    throw new ConclaveError(
      'bad-request',
      `Unknown archetype "${name}". Valid archetypes: ${archetypes.map((candidate) => candidate.name).join(', ')}.`,
      { hint: 'Add custom archetypes under archetypes: in conclave.yaml.' },
    );
  const { day, assignments } = context.assignments(date);
  const assignment = assignments.find((candidate) => candidate.archetype === archetype.name)!;
  if (assignment.model === undefined)
    throw new ConclaveError('unavailable', `Archetype ${archetype.name} has ${noModelReason(assignment)}.`, {
      hint: `Add a provider for one of its models, or add a model to its rotation: archetypes.${archetype.name}.addModels in conclave.yaml.`,
    });
  return { archetype, member: toMember(archetype, assignment, day) };
}
