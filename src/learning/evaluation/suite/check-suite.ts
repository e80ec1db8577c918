import { z } from 'zod';
import type { SuiteInput } from './suite-schema.js';

export interface SuiteIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Checks zod cannot express: unique task ids, a task type for every task, regexes that compile, JSON
 * Schemas the validator accepts, and tool-call graders that name a tool the task offers.
 */
export function checkSuite(suite: SuiteInput): SuiteIssue[] {
  const issues: SuiteIssue[] = [];
  const firstIndex = new Map<string, number>();
  suite.tasks.forEach((task, taskIndex) => {
    const at = (...rest: (string | number)[]) => ['tasks', taskIndex, ...rest];
    const earlier = firstIndex.get(task.id);
    if (earlier !== undefined)
      issues.push({ path: at('id'), message: `duplicate task id "${task.id}" (also tasks[${earlier}])` });
    else firstIndex.set(task.id, taskIndex);
    if (!task.taskType && !suite.taskType)
      issues.push({
        path: at('taskType'),
        message:
          'missing; set taskType on the task or on the suite (code, math, creative, analysis, quick, …)',
      });
    task.tools?.forEach((tool, toolIndex) => {
      const problem = jsonSchemaProblem(tool.parameters);
      if (problem) issues.push({ path: at('tools', toolIndex, 'parameters'), message: problem });
    });
    task.graders.forEach((grader, graderIndex) => {
      const here = (key: string) => at('graders', graderIndex, key);
      if (grader.type === 'regex') {
        const problem = regexProblem(grader.pattern, grader.flags);
        if (problem) issues.push({ path: here('pattern'), message: problem });
      }
      if (grader.type === 'numeric' && grader.pattern) {
        const problem = regexProblem(grader.pattern, '');
        if (problem) issues.push({ path: here('pattern'), message: problem });
      }
      if (grader.type === 'json-schema') {
        const problem = jsonSchemaProblem(grader.schema);
        if (problem) issues.push({ path: here('schema'), message: problem });
      }
      if (grader.type === 'tool-call' && !task.tools?.some((tool) => tool.name === grader.name))
        issues.push({
          path: here('name'),
          message: `the task offers no tool named "${grader.name}"; add it under the task's tools`,
        });
    });
  });
  return issues;
}

function regexProblem(pattern: string, flags: string): string | undefined {
  try {
    new RegExp(pattern, flags);
    return undefined;
  } catch (error) {
    return `invalid regular expression: ${(error as Error).message}`;
  }
}

/** The JSON Schema is converted once here so a grader never meets an unsupported keyword mid-run. */
export function jsonSchemaProblem(schema: unknown): string | undefined {
  try {
    z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
    return undefined;
  } catch (error) {
    return `unsupported or invalid JSON Schema: ${(error as Error).message}`;
  }
}
