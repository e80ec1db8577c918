import { ConclaveError } from '../../core/conclave-error.js';
import { inWriteTransaction } from '../../store/in-write-transaction.js';
import type { LearningDependencies } from '../learning-dependencies.js';
import { rescoreAnswer } from '../quality/rescore-answer.js';
import { createTrainingStore } from '../training-store.js';
import type { NormalizedFeedback } from './feedback-input.js';
import { findFeedbackTarget } from './find-target.js';

export interface FeedbackResult {
  feedbackId: number;
  target: { id: string; kind: string };
  /** The answer's quality after this feedback (0..1). */
  quality: number;
  evidence: string;
  /** Whether the answer is (now) collected as a training example. */
  collected: boolean;
  exampleIds: string[];
  demonstration?: { exampleId?: string; preferencePairId?: string; note?: string };
}

/**
 * Stores feedback on a recorded answer and re-scores it, in one write transaction: parallel feedback (other
 * requests, other processes) is serialized by SQLite, so no write is lost and every score sees all feedback.
 * A demonstration becomes a training example of its own (and a preference pair over the original answer).
 */
export function submitFeedback(
  dependencies: LearningDependencies,
  feedback: NormalizedFeedback,
): FeedbackResult {
  const { database, config } = dependencies;
  // Request-log rows are written once per tick: commit them so an answer given a moment ago is found.
  dependencies.requestLog.flush();
  const target = findFeedbackTarget(database, feedback.id);
  if (!target) {
    throw new ConclaveError('not-found', `No recorded request or run has the id "${feedback.id}".`, {
      param: 'id',
      hint: 'Use the id of a chat completion (its `id` field or the x-conclave-request-id header) or of a council/ensemble/pipeline run; `conclave logs --json` lists them.',
    });
  }
  const training = createTrainingStore(database, { threshold: config.learning.collection.threshold });
  return inWriteTransaction(database, () => {
    const inserted = database
      .prepare(
        'INSERT INTO feedback (target_id, target_kind, created_at, thumbs, score, comment, demonstration) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        target.id,
        target.kind,
        Date.now(),
        feedback.thumbs === undefined ? null : feedback.thumbs ? 1 : 0,
        feedback.score ?? null,
        feedback.comment ?? null,
        feedback.demonstration ?? null,
      );
    const quality = rescoreAnswer(target, {
      database,
      training,
      profile: dependencies.profile,
      requireEvidence: config.learning.collection.requireEvidence,
    });
    const result: FeedbackResult = {
      feedbackId: Number(inserted.lastInsertRowid),
      target: { id: target.id, kind: target.kind },
      ...quality,
    };
    if (feedback.demonstration === undefined) return result;
    if (!target.messages || target.messages.length === 0) {
      return {
        ...result,
        demonstration: {
          note: 'Stored with the feedback; no prompt was recorded for this id, so it could not become a training example.',
        },
      };
    }
    const example = training.collect({
      sourceKind: 'feedback',
      sourceId: target.id,
      taskType: target.taskType ?? 'general',
      messages: target.messages,
      response: feedback.demonstration,
      models: ['human'],
      base: 1,
      evidence: 'demonstration',
      metadata: { demonstrationFor: target.id },
    });
    const original = target.response?.trim() ?? '';
    const preferencePairId =
      original !== '' && original !== feedback.demonstration.trim()
        ? training.addPreferencePair({
            sourceKind: 'feedback',
            sourceId: target.id,
            taskType: target.taskType ?? 'general',
            messages: target.messages,
            chosen: feedback.demonstration,
            rejected: original,
            chosenModel: 'human',
            rejectedModel: target.model,
          })
        : undefined;
    return { ...result, demonstration: { exampleId: example.id, preferencePairId } };
  });
}
