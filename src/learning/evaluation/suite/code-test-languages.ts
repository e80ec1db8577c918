import type { EvaluationTask } from './evaluation-task.js';

/** The languages the tasks' code tests need a sandbox for. */
export function codeTestLanguages(tasks: readonly EvaluationTask[]): ('javascript' | 'python')[] {
  return [
    ...new Set(
      tasks.flatMap((task) =>
        task.graders.flatMap((grader) => (grader.type === 'code-tests' ? [grader.language] : [])),
      ),
    ),
  ];
}
