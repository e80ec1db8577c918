import { type OutcomeLine, readOutcomeLines } from '../../../routing/offline/read-outcome-lines.js';
import { detectAnswerFormat } from '../answer-format.js';
import type { AnswerFormat } from '../ensemble-types.js';
import { extractAnswer } from '../extract-answer.js';

/** One recorded model answer: its text (undefined when ungraded or missing), cost, and recorded correctness. */
export interface RecordedAnswer {
  response?: string;
  costUsd: number;
  correct: boolean;
}

/** One benchmark question with every model's recorded answer. */
export interface ReplayQuery {
  id: string;
  task: string;
  split: 'train' | 'test';
  prompt: string;
  format: AnswerFormat;
  /**
   * Closed-form tasks: the right answer, read from the answers the benchmark graded correct (undefined when
   * no model was right — every strategy is then wrong). Free-text tasks are graded by the answering member.
   */
  gold?: string;
  answers: Map<string, RecordedAnswer>;
}

/**
 * Reads per-query, per-model outcome data (the routing README's JSONL format). Cells the benchmark did not grade
 * (`correct: null`) count as failed calls: paid for, no usable answer — "missing = wrong", as the reference
 * figures count them. Train rows whose id is also a test row are dropped (a strict split).
 */
export async function readOutcomeDataset(file: string, tasks: readonly string[]): Promise<ReplayQuery[]> {
  const queries: ReplayQuery[] = [];
  for await (const line of readOutcomeLines(file)) if (tasks.includes(line.task)) queries.push(toQuery(line));
  const testIds = new Set(queries.filter((query) => query.split === 'test').map((query) => query.id));
  return queries.filter((query) => query.split === 'test' || !testIds.has(query.id));
}

function toQuery(data: OutcomeLine): ReplayQuery {
  const format = detectAnswerFormat(data.prompt, data.task === 'mbpp' ? 'code' : undefined);
  const answers = new Map<string, RecordedAnswer>();
  for (const [model, cell] of Object.entries(data.outcomes)) {
    const graded = cell.correct === 0 || cell.correct === 1;
    answers.set(model, {
      response: graded ? (cell.response ?? undefined) : undefined,
      costUsd: cell.cost ?? 0,
      correct: cell.correct === 1,
    });
  }
  return {
    id: data.id,
    task: data.task,
    split: data.split,
    prompt: data.prompt,
    format,
    gold: goldOf(format, answers),
    answers,
  };
}

/** The value the correctly graded answers agree on (the most common one, should they ever differ). */
function goldOf(format: AnswerFormat, answers: Map<string, RecordedAnswer>): string | undefined {
  if (format.kind === 'free') return undefined;
  const counts = new Map<string, number>();
  for (const answer of answers.values()) {
    if (!answer.correct || answer.response === undefined) continue;
    const value = extractAnswer(answer.response, format)?.value;
    if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts.entries()].sort((left, right) => right[1] - left[1])[0]?.[0];
}
