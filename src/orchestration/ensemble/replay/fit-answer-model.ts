import { type AnswerModel, columnOf } from '../strategies/answer-posterior.js';
import type { PatternRow } from './train-pattern-policy.js';

/**
 * Fits a Dawid–Skene answer model on training rows with known right answers: the prior over right answers and
 * every model's confusion matrix, each smoothed with a Dirichlet(α) prior (α pseudo-answers per cell).
 */
export function fitAnswerModel(
  rows: readonly PatternRow[],
  { models, labels, alpha = 1 }: { models: readonly string[]; labels: readonly string[]; alpha?: number },
): AnswerModel {
  const shell: AnswerModel = { labels: [...labels], prior: [], confusion: {} };
  const graded = rows.filter((row) => row.gold !== undefined && labels.includes(row.gold));
  const prior = labels.map((label) => 1 + graded.filter((row) => row.gold === label).length);
  const priorTotal = prior.reduce((sum, count) => sum + count, 0);
  const confusion: Record<string, number[][]> = {};
  for (const model of models) {
    confusion[model] = labels.map((label) => {
      const counts = Array.from({ length: labels.length + 1 }, () => alpha);
      for (const row of graded) if (row.gold === label) counts[columnOf(shell, row.values.get(model))]! += 1;
      const total = counts.reduce((sum, count) => sum + count, 0);
      return counts.map((count) => count / total);
    });
  }
  return { labels: [...labels], prior: prior.map((count) => count / priorTotal), confusion };
}
