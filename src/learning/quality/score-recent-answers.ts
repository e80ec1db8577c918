import { ConclaveError } from '../../core/conclave-error.js';
import { inWriteTransaction } from '../../store/in-write-transaction.js';
import { findFeedbackTarget } from '../feedback/find-target.js';
import { INTERNAL_SESSION_PREFIX, type LearningEngine } from '../learning-dependencies.js';
import { createTrainingStore } from '../training-store.js';
import { judgeAnswer } from './judge-answer.js';
import { rescoreAnswer } from './rescore-answer.js';

export interface ScoreSummary {
  judged: number;
  collected: number;
  failed: { id: string; message: string }[];
  costUsd: number;
}

/**
 * Has the judge model grade recent answers that have no judge score yet, and collects those that pass. Costs
 * one judge call per answer, so it runs on demand (`conclave learning-score`), never on the request path.
 */
export async function scoreRecentAnswers(
  engine: LearningEngine,
  {
    since,
    limit,
    onAnswer,
  }: { since: number; limit: number; onAnswer?: (done: number, total: number) => void },
): Promise<ScoreSummary> {
  const { config, database } = engine;
  const judgeModel = config.learning.judge.model;
  if (!judgeModel) {
    throw new ConclaveError('config', 'No judge model is configured.', {
      hint: 'Set learning.judge.model in conclave.yaml (e.g. gpt-4o-mini or a strong local model).',
    });
  }
  engine.requestLog.flush();
  const rows = database
    .prepare(
      `SELECT r.id FROM requests r LEFT JOIN answer_quality q ON q.target_id = r.id
       WHERE r.status = 'ok' AND r.created_at >= ? AND q.judge_score IS NULL
         AND COALESCE(r.response_text, '') != '' AND COALESCE(r.session_id, '') NOT LIKE ?
       ORDER BY r.created_at DESC LIMIT ?`,
    )
    .all(since, `${INTERNAL_SESSION_PREFIX}%`, limit) as { id: string }[];
  const training = createTrainingStore(database, { threshold: config.learning.collection.threshold });
  const summary: ScoreSummary = { judged: 0, collected: 0, failed: [], costUsd: 0 };
  for (const [index, { id }] of rows.entries()) {
    const target = findFeedbackTarget(database, id);
    if (target?.messages && target.response) {
      try {
        const verdict = await judgeAnswer(target.messages, target.response, {
          generate: (request) =>
            engine.generate({ ...request, sessionId: `${INTERNAL_SESSION_PREFIX}judge` }),
          model: judgeModel,
          maxChars: config.learning.judge.maxChars,
          parentId: id,
        });
        summary.costUsd += verdict.costUsd;
        const quality = inWriteTransaction(database, () =>
          rescoreAnswer(target, {
            database,
            training,
            profile: engine.profile,
            requireEvidence: config.learning.collection.requireEvidence,
            judge: { score: verdict.score, model: verdict.model },
          }),
        );
        summary.judged += 1;
        if (quality.collected) summary.collected += 1;
      } catch (error) {
        summary.failed.push({ id, message: error instanceof Error ? error.message : String(error) });
      }
    }
    onAnswer?.(index + 1, rows.length);
  }
  return summary;
}
