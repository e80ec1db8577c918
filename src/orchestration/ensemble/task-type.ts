import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import { ConclaveError } from '../../core/conclave-error.js';
import { isTaskClass, TASK_CLASSES, type TaskClass } from '../../core/task-class.js';
import type { OrchestrationContext } from '../orchestration-context.js';

/** Words people use for task types that Conclave calls otherwise. */
const ALIASES: Record<string, TaskClass> = {
  reasoning: 'deep',
  coding: 'code',
  programming: 'code',
  writing: 'creative',
  chat: 'general',
  knowledge: 'general',
};

const VALID = TASK_CLASSES.filter((task) => task !== 'embedding' && task !== 'vision');

/** The given task type (validated, aliases resolved), else the router's classification of the question. */
export function resolveTaskType(
  context: OrchestrationContext,
  conversation: LanguageModelV4Prompt,
  given: string | undefined,
): { taskType: TaskClass; detected: boolean } {
  if (given !== undefined) {
    const normalized = given.trim().toLowerCase();
    const taskType = ALIASES[normalized] ?? (isTaskClass(normalized) ? normalized : undefined);
    if (!taskType || !(VALID as readonly string[]).includes(taskType))
      throw new ConclaveError(
        'bad-request',
        `Unknown task type "${given}". Valid task types: ${VALID.join(', ')} (also: ${Object.keys(ALIASES).join(', ')}).`,
        { param: 'taskType' },
      );
    return { taskType, detected: false };
  }
  try {
    const decision = context.route({ prompt: conversation, options: {} });
    return { taskType: decision.taskClass, detected: true };
  } catch {
    // No model can take the question right now; member selection reports that with the list of models.
    return { taskType: 'general', detected: true };
  }
}
