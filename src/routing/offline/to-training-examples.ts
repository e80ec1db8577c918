import type { RouterTrainingExample } from '../learned/train-router-model.js';
import type { OutcomeRow } from './dataset-split.js';

/** Split rows → the learned router's training examples (cost only when the dataset has prices). */
export function toTrainingExamples(
  rows: OutcomeRow[],
  models: string[],
  hasCosts: boolean,
): RouterTrainingExample[] {
  return rows.map((row) => ({
    prompt: row.prompt,
    taskType: row.task,
    outcomes: Object.fromEntries(
      models.map((model, index) => [
        model,
        { correct: row.quality[index] as number, cost: hasCosts ? (row.cost[index] as number) : null },
      ]),
    ),
  }));
}
