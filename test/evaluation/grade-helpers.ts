import { gradeAnswer } from '../../src/learning/evaluation/graders/grade-answer.js';
import type { GradeContext, JudgeFunction } from '../../src/learning/evaluation/graders/grade-types.js';
import { createSandbox, type Sandbox } from '../../src/learning/evaluation/sandbox/create-sandbox.js';
import type { EvaluationTask } from '../../src/learning/evaluation/suite/evaluation-task.js';
import type { Grader } from '../../src/learning/evaluation/suite/suite-schema.js';
import { graderSchema } from '../../src/learning/evaluation/suite/suite-schema.js';

export function taskWith(graders: unknown[], overrides: Partial<EvaluationTask> = {}): EvaluationTask {
  return {
    key: 'test/task',
    suite: 'test',
    id: 'task',
    taskType: 'code',
    prompt: 'Write the function.',
    requires: [],
    graders: graders.map((grader) => graderSchema.parse(grader) as Grader),
    promptHash: 'p',
    gradeHash: 'g',
    ...overrides,
  };
}

const noJudge: JudgeFunction = async () => {
  throw new Error('no judge in this test');
};

/** Grades one answer with the given graders (parsed through the real suite schema, defaults applied). */
export function grade(
  graders: unknown[],
  text: string,
  options: {
    toolCalls?: { name: string; arguments: unknown }[];
    judge?: JudgeFunction;
    sandbox?: Sandbox;
    task?: Partial<EvaluationTask>;
    timeoutMs?: number;
  } = {},
) {
  const context: GradeContext = {
    task: taskWith(graders, options.task),
    answer: { text, toolCalls: options.toolCalls ?? [] },
    judge: options.judge ?? noJudge,
    defaultJudgeModel: 'judge',
    sandbox: options.sandbox ?? createSandbox(),
    sandboxDefaults: { timeoutMs: options.timeoutMs ?? 5_000, memoryMb: 128 },
  };
  return gradeAnswer(context);
}
