import type { RouterTrainingExample } from '../../routing/learned/train-router-model.js';
import type { GradedQuestion } from './runner/evaluation-store.js';

export interface StoreTrainingSet {
  examples: RouterTrainingExample[];
  models: string[];
  /** Graded answers that went in (repetitions and runs of one question are averaged). */
  answers: number;
}

/**
 * Turns graded answers from the store (evaluation runs and imports) into the learned router's examples: one
 * per question text, each model's quality and cost averaged over its answers; a model that never answered a
 * question is unobserved there, not wrong.
 */
export function routerExamplesFromGraded(rows: readonly GradedQuestion[]): StoreTrainingSet {
  const byPrompt = new Map<
    string,
    {
      prompt: string;
      taskType: string;
      models: Map<string, { quality: number; cost: number; costs: number; n: number }>;
    }
  >();
  for (const row of rows) {
    let question = byPrompt.get(row.promptHash);
    if (!question) {
      question = { prompt: row.prompt, taskType: row.taskType, models: new Map() };
      byPrompt.set(row.promptHash, question);
    }
    const sum = question.models.get(row.model) ?? { quality: 0, cost: 0, costs: 0, n: 0 };
    sum.quality += Math.min(1, Math.max(0, row.quality));
    sum.n += 1;
    if (row.costUsd !== null) {
      sum.cost += row.costUsd;
      sum.costs += 1;
    }
    question.models.set(row.model, sum);
  }
  const examples = [...byPrompt.values()].map((question) => ({
    prompt: question.prompt,
    taskType: question.taskType,
    outcomes: Object.fromEntries(
      [...question.models].map(([model, sum]) => [
        model,
        { correct: sum.quality / sum.n, cost: sum.costs > 0 ? sum.cost / sum.costs : null },
      ]),
    ),
  }));
  const models = [...new Set(rows.map((row) => row.model))].sort();
  return { examples, models, answers: rows.length };
}
