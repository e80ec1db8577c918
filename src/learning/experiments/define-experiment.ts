import type { DatabaseSync } from 'node:sqlite';
import type { ExperimentMetric } from '../../config/sections/learning.js';
import { ConclaveError } from '../../core/conclave-error.js';
import type { ModelProfile } from '../../core/model-profile.js';
import { isTaskClass, TASK_CLASSES } from '../../core/task-class.js';
import { type Allocation, createExperimentStore, type Experiment } from './experiment-store.js';

export interface ExperimentDefinition {
  name: string;
  arms: string[];
  weights?: number[];
  allocation: Allocation;
  metric: ExperimentMetric;
  matchModels: string[];
  matchTasks: string[];
  traffic: number;
}

const VIRTUAL_PREFIXES = ['council/', 'ensemble/', 'pipeline/'];

/**
 * Validates and stores a new experiment. Arms must be catalog models (or council/ensemble/pipeline virtual
 * models); the experiment must say which requests it covers, so it never silently takes all traffic.
 */
export function defineExperiment(
  database: DatabaseSync,
  profile: (id: string) => ModelProfile | undefined,
  definition: ExperimentDefinition,
): Experiment {
  const { arms } = definition;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(definition.name))
    throw new ConclaveError(
      'bad-request',
      `Experiment name "${definition.name}" must be letters, digits, ".", "_" or "-".`,
    );
  if (arms.length < 2 || new Set(arms).size !== arms.length)
    throw new ConclaveError('bad-request', 'An experiment needs at least two different arms.', {
      hint: 'Example: --arms my-finetune,llama-3.1-8b-instruct',
    });
  for (const arm of arms) {
    if (VIRTUAL_PREFIXES.some((prefix) => arm.startsWith(prefix))) continue;
    if (!profile(arm))
      throw new ConclaveError('not-found', `Arm "${arm}" is not a model in the catalog.`, {
        hint: 'See `conclave models` (fine-tuned models appear once their job succeeded).',
      });
  }
  const weights = definition.weights ?? arms.map(() => 1);
  if (weights.length !== arms.length || weights.some((weight) => !(weight > 0)))
    throw new ConclaveError('bad-request', `--weights needs one positive number per arm (${arms.length}).`);
  if (definition.matchModels.length === 0 && definition.matchTasks.length === 0)
    throw new ConclaveError('bad-request', 'Say which requests the experiment covers.', {
      hint: 'Use --match-model <id|auto> (e.g. the model the new one should replace) and/or --match-task <class>.',
    });
  const unknownTask = definition.matchTasks.find((task) => !isTaskClass(task));
  if (unknownTask)
    throw new ConclaveError('bad-request', `Unknown task class "${unknownTask}".`, {
      hint: `Use one of: ${TASK_CLASSES.join(', ')}.`,
    });
  if (!(definition.traffic > 0 && definition.traffic <= 1))
    throw new ConclaveError('bad-request', '--traffic must be a share in (0, 1].');
  return createExperimentStore(database).create({
    name: definition.name,
    allocation: definition.allocation,
    metric: definition.metric,
    arms: arms.map((model, index) => ({ model, weight: weights[index]! })),
    match: { models: definition.matchModels, tasks: definition.matchTasks },
    traffic: definition.traffic,
  });
}
