import type { EnsembleStrategyName } from '../../../config/sections/ensemble.js';
import { ConclaveError } from '../../../core/conclave-error.js';
import type { EnsembleMember } from '../ensemble-types.js';
import type { EscalationPolicy } from '../strategies/cascade-policy.js';
import { runStrategy } from '../strategies/run-strategy.js';
import type { StrategyContext } from '../strategies/strategy-context.js';
import { LEXICAL_SAME_ANSWER, lexicalSimilarity } from '../text-similarity.js';
import { isRight, key, type ModelRecord } from './fit-reliability.js';
import type { ReplayQuery } from './outcome-dataset.js';
import { createReplayCaller } from './replay-caller.js';

/** One ensemble configuration to replay: a strategy, its members per task, and its settings per task. */
export interface ReplayStrategy {
  name: string;
  strategy: EnsembleStrategyName;
  members(task: string): string[];
  /** Member weights: learned per task on the train split, or all equal (plain majority vote). */
  weights: 'learned' | 'uniform';
  /**
   * Members' cost estimates: their mean train cost (default), or each query's recorded cost — a stand-in for the
   * live estimate from the prompt's token count × price.
   */
  costs?: 'mean' | 'recorded';
  consensusThreshold?: number;
  cascade?(task: string): { stages: string[][]; threshold: number; policy?: EscalationPolicy };
}

export interface ReplayScore {
  right: number;
  costUsd: number;
  queries: number;
  /** Queries the strategy answered (consensus withholds some). */
  answered: number;
  byTask: Map<string, { right: number; costUsd: number; queries: number }>;
}

const UNIFORM_RELIABILITY = 0.6;

/**
 * Runs the strategy's own code on every query with a replay caller (recorded answers and costs) and scores it:
 * closed forms by the answer's value against the gold value, free text by the recorded grade of the member whose
 * answer was chosen. A strategy that needs an unrecorded call (judge, aggregator) is refused.
 */
export async function replayStrategy(
  config: ReplayStrategy,
  queries: readonly ReplayQuery[],
  records: Map<string, ModelRecord>,
): Promise<ReplayScore> {
  const score: ReplayScore = {
    right: 0,
    costUsd: 0,
    queries: queries.length,
    answered: 0,
    byTask: new Map(),
  };
  for (const query of queries) {
    const task = score.byTask.get(query.task) ?? { right: 0, costUsd: 0, queries: 0 };
    score.byTask.set(query.task, task);
    task.queries += 1;
    const { call, unrecorded, spent } = meteredCaller(query);
    const members: EnsembleMember[] = config.members(query.task).map((model) => {
      const record = records.get(key(query.task, model));
      return {
        model,
        reliability: config.weights === 'uniform' ? UNIFORM_RELIABILITY : (record?.reliability ?? 0.5),
        estimatedCostUsd:
          (config.costs === 'recorded' ? query.answers.get(model)?.costUsd : undefined) ??
          record?.meanCostUsd ??
          0,
        source: 'learned',
      };
    });
    const context: StrategyContext = {
      conversation: [{ role: 'user', content: [{ type: 'text', text: query.prompt }] }],
      question: query.prompt,
      format: query.format,
      members,
      call,
      similarity: lexicalSimilarity,
      sameAnswer: LEXICAL_SAME_ANSWER,
      judgeMode: 'agreement',
      maxChars: 6_000,
      consensusThreshold: config.consensusThreshold ?? 1,
      moaLayers: 1,
      cascade: { check: 'agreement', stages: [], threshold: 1, ...config.cascade?.(query.task) },
      progress: () => undefined,
    };
    try {
      const outcome = await runStrategy(config.strategy, context);
      if (outcome.source !== 'no-consensus') {
        score.answered += 1;
        const right =
          query.format.kind === 'free'
            ? outcome.winner !== undefined && isRight(query, outcome.winner)
            : query.gold !== undefined && outcome.extracted?.value === query.gold;
        if (right) {
          score.right += 1;
          task.right += 1;
        }
      }
    } catch (error) {
      // Every member failed on this query: a wrong answer, the calls still paid.
      if (!(error instanceof ConclaveError && error.kind === 'all-failed')) throw error;
    }
    if (unrecorded() > 0)
      throw new ConclaveError(
        'internal',
        `${config.name} needs calls the record does not have (judge/aggregator).`,
      );
    score.costUsd += spent();
    task.costUsd += spent();
  }
  return score;
}

function meteredCaller(query: ReplayQuery) {
  const replay = createReplayCaller(query);
  let spent = 0;
  return {
    unrecorded: replay.unrecorded,
    spent: () => spent,
    call: async (request: Parameters<typeof replay.call>[0]) => {
      const reply = await replay.call(request);
      spent += reply.costUsd;
      return reply;
    },
  };
}
