import type { TaskClass } from '../../../core/task-class.js';

/**
 * Which router task class a dataset's task belongs to. By task first, then by category; config
 * (`evaluation.import.taskTypes`) and `--task-type name=class` override both.
 * Multiple-choice knowledge (ARC, MMLU) is analysis; two-option commonsense (Winogrande) is a quick
 * classification; MT-Bench's open chat is general.
 */
export const DEFAULT_IMPORT_TASK_TYPES: Readonly<Record<string, TaskClass>> = {
  mbpp: 'code',
  gsm8k: 'math',
  'arc-challenge': 'analysis',
  mmlu: 'analysis',
  winogrande: 'quick',
  mt_bench: 'general',
  code: 'code',
  math: 'math',
  knowledge_mc: 'analysis',
  commonsense_mc: 'quick',
  chat: 'general',
};

export function importTaskType(
  task: string,
  category: string | undefined,
  overrides: Readonly<Record<string, TaskClass>>,
): TaskClass | undefined {
  return (
    overrides[task] ??
    (category === undefined ? undefined : overrides[category]) ??
    DEFAULT_IMPORT_TASK_TYPES[task] ??
    (category === undefined ? undefined : DEFAULT_IMPORT_TASK_TYPES[category])
  );
}
