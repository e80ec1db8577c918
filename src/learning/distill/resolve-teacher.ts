import path from 'node:path';
import type { LearningConfig } from '../../config/sections/learning.js';
import { ConclaveError } from '../../core/conclave-error.js';

export interface TeacherChoice {
  strategy: string;
  /** `ensemble/<preset>`, `council/<preset>`, or the single teacher model. */
  model: string;
  members: string[];
  /** The job name a run resumes under. */
  name: string;
}

/**
 * `--strategy ensemble|council|single [--preset P] [--models a,b]` → the teacher model and the job name: the
 * same tasks file and teacher always resume the same job.
 */
export function resolveTeacher(
  settings: LearningConfig['distill'],
  options: { tasksFile: string; strategy?: string; preset?: string; models?: string[]; name?: string },
): TeacherChoice {
  const strategy = options.strategy ?? settings.strategy;
  const models = options.models ?? [];
  if (strategy === 'single' && models.length !== 1)
    throw new ConclaveError('bad-request', '--strategy single needs exactly one teacher in --models.', {
      hint: 'Example: --strategy single --models llama-3.1-70b-instruct',
    });
  const preset = options.preset ?? (strategy === 'council' ? settings.council : settings.ensemble);
  const model = strategy === 'single' ? models[0]! : `${strategy}/${preset}`;
  const members = strategy === 'single' ? [] : models;
  const name =
    options.name ??
    `${path.basename(options.tasksFile)}:${model}${members.length ? `:${members.join('+')}` : ''}`;
  return { strategy, model, members, name };
}
