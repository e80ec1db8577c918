import { countText } from '../../../routing/count-tokens.js';
import { estimateCostUsd } from '../../../routing/estimates.js';
import type { JudgeFunction } from '../graders/grade-types.js';
import type { EvaluationTask } from '../suite/evaluation-task.js';
import type { EvaluationEngine } from './evaluation-engine.js';

const JUDGE_OUTPUT_TOKENS = 300;
/** Instructions and framing around the task, rubric and answer in a judge prompt. */
const JUDGE_FRAMING_TOKENS = 200;

/** Judge calls go through the engine like any request; a named judge never silently falls back. */
export function createJudge(engine: EvaluationEngine, consent: boolean, signal?: AbortSignal): JudgeFunction {
  return async ({ model, system, prompt }) => {
    const result = await engine.generate({
      model,
      prompt: [
        { role: 'system', content: system },
        { role: 'user', content: [{ type: 'text', text: prompt }] },
      ],
      options: { temperature: 0, maxOutputTokens: JUDGE_OUTPUT_TOKENS },
      routing: { taskClass: 'analysis', allowFallbacks: model.startsWith('auto') },
      kind: 'judge',
      consent,
      signal,
    });
    return { text: result.text, model: result.model, costUsd: result.costUsd };
  };
}

export function judgeCalls(
  task: EvaluationTask,
): { model: string | undefined; calls: number; text: string }[] {
  return task.graders.flatMap((grader) =>
    grader.type === 'judge' || grader.type === 'pairwise'
      ? [
          {
            model: grader.model ?? task.judgeModel,
            calls: grader.type === 'pairwise' ? 2 : 1,
            text: `${grader.rubric}\n${grader.reference ?? ''}`,
          },
        ]
      : [],
  );
}

/**
 * Checks every judge model a task list needs can be used (throws the router's clear error otherwise) and
 * returns a per-task estimate of judge spending for the budget gate.
 */
export function prepareJudges(
  engine: EvaluationEngine,
  tasks: readonly EvaluationTask[],
  defaultModel: string,
  consent: boolean,
): (task: EvaluationTask) => number {
  const checked = new Map<string, ReturnType<EvaluationEngine['profile']>>();
  const profileOf = (model: string) => {
    if (!checked.has(model)) {
      const decision = engine.route({
        model,
        prompt: [{ role: 'user', content: [{ type: 'text', text: 'judge check' }] }],
        options: {},
        routing: { taskClass: 'analysis' },
        consent,
      });
      checked.set(model, engine.profile(decision.targets[0]!));
    }
    return checked.get(model);
  };
  for (const task of tasks) for (const judge of judgeCalls(task)) profileOf(judge.model ?? defaultModel);
  return (task) =>
    judgeCalls(task).reduce((sum, judge) => {
      const profile = profileOf(judge.model ?? defaultModel);
      if (!profile) return sum;
      const input =
        JUDGE_FRAMING_TOKENS + countText(task.prompt) + countText(judge.text) + (task.maxOutputTokens ?? 512);
      return sum + judge.calls * estimateCostUsd(profile, input, JUDGE_OUTPUT_TOKENS);
    }, 0);
}
