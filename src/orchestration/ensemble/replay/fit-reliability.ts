import { extractAnswer } from '../extract-answer.js';
import type { ReplayQuery } from './outcome-dataset.js';

/** What the train split says about each model on one task. */
export interface ModelRecord {
  model: string;
  task: string;
  /** Smoothed share of right answers among graded answers (Laplace: (right + 1) / (answered + 2)). */
  reliability: number;
  /** Share of all train queries answered right (missing = wrong): the single-model quality. */
  accuracy: number;
  meanCostUsd: number;
}

/** Right = the extracted value equals the gold value (closed forms), else the recorded grade (free text). */
export function isRight(query: ReplayQuery, model: string): boolean {
  const answer = query.answers.get(model);
  if (!answer?.response) return false;
  if (query.format.kind === 'free') return answer.correct;
  return query.gold !== undefined && extractAnswer(answer.response, query.format)?.value === query.gold;
}

/** Per task and model, from the train split only. */
export function fitReliability(train: readonly ReplayQuery[]): Map<string, ModelRecord> {
  const records = new Map<string, ModelRecord>();
  const tasks = [...new Set(train.map((query) => query.task))];
  for (const task of tasks) {
    const queries = train.filter((query) => query.task === task);
    const models = [...new Set(queries.flatMap((query) => [...query.answers.keys()]))];
    for (const model of models) {
      let answered = 0;
      let right = 0;
      let cost = 0;
      for (const query of queries) {
        const answer = query.answers.get(model);
        cost += answer?.costUsd ?? 0;
        if (answer?.response === undefined) continue;
        answered += 1;
        if (isRight(query, model)) right += 1;
      }
      records.set(key(task, model), {
        model,
        task,
        reliability: (right + 1) / (answered + 2),
        accuracy: right / queries.length,
        meanCostUsd: cost / queries.length,
      });
    }
  }
  return records;
}

export function key(task: string, model: string): string {
  return `${task}\u0000${model}`;
}
