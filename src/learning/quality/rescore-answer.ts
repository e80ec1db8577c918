import type { DatabaseSync } from 'node:sqlite';
import type { ModelProfile } from '../../core/model-profile.js';
import { isTaskClass } from '../../core/task-class.js';
import type { FeedbackTarget } from '../feedback/find-target.js';
import { qualityScore } from '../quality-score.js';
import type { TrainingStore } from '../training-store.js';

export interface AnswerQuality {
  quality: number;
  /** What the base score rests on: judge, agreement, feedback or the model's prior. */
  evidence: string;
  collected: boolean;
  exampleIds: string[];
}

export interface RescoreOptions {
  database: DatabaseSync;
  training: TrainingStore;
  profile(id: string): ModelProfile | undefined;
  requireEvidence: boolean;
  /** A new judge verdict to store with the score. */
  judge?: { score: number; model: string };
}

interface ExampleRow {
  id: string;
  quality: number;
  base_quality: number | null;
  models_agreed: number;
  evidence: string | null;
}

/**
 * Recomputes one answer's quality from every signal recorded for it and keeps the training data in step.
 * Examples already collected for the answer (by council/ensemble runs or earlier scoring) get their quality
 * and feedback updated; an uncollected single answer is collected once its quality passes the threshold.
 * Call inside a write transaction: it reads feedback and writes scores in one consistent step.
 */
export function rescoreAnswer(target: FeedbackTarget, options: RescoreOptions): AnswerQuality {
  const { database, training } = options;
  const feedback = database
    .prepare(
      'SELECT AVG(score) AS mean, COUNT(score) AS n FROM feedback WHERE target_id = ? AND score IS NOT NULL',
    )
    .get(target.id) as { mean: number | null; n: number };
  const feedbackScore = feedback.n > 0 ? (feedback.mean ?? undefined) : undefined;
  const previous = database
    .prepare('SELECT judge_score, judge_model, example_id FROM answer_quality WHERE target_id = ?')
    .get(target.id) as
    | { judge_score: number | null; judge_model: string | null; example_id: string | null }
    | undefined;
  const judge =
    options.judge ??
    (previous?.judge_score != null
      ? { score: previous.judge_score, model: previous.judge_model ?? '' }
      : undefined);
  const examples = database
    .prepare(
      "SELECT id, quality, base_quality, models_agreed, evidence FROM training_examples WHERE source_id = ? AND source_kind != 'feedback'",
    )
    .all(target.id) as unknown as ExampleRow[];
  const prior = () =>
    priorQuality(target.model ? options.profile(target.model) : undefined, taskTypeOf(target));

  let result: AnswerQuality;
  if (examples.length > 0) {
    const update = database.prepare(
      'UPDATE training_examples SET quality = ?, base_quality = ?, evidence = ?, feedback_score = ? WHERE id = ?',
    );
    const scores = examples.map((example) => {
      // A single answer's base is the judge, else the user's own rating: it moves with new feedback. A run's
      // base (agreement, ranking) was set by the orchestration and stays.
      const single =
        example.evidence === 'feedback' || example.evidence === 'prior' || example.evidence === 'judge';
      const evidence = judge
        ? 'judge'
        : single
          ? feedbackScore !== undefined
            ? 'feedback'
            : 'prior'
          : (example.evidence ?? 'run');
      const base =
        judge?.score ?? (single ? (feedbackScore ?? prior()) : (example.base_quality ?? example.quality));
      const quality = qualityScore({
        base,
        modelsAgreed: example.models_agreed === 1,
        feedback: feedbackScore,
      });
      update.run(quality, base, evidence, feedbackScore ?? null, example.id);
      return { quality, evidence: example.models_agreed === 1 && !single && !judge ? 'agreement' : evidence };
    });
    const best = scores.reduce((top, score) => (score.quality > top.quality ? score : top));
    result = {
      quality: best.quality,
      evidence: best.evidence,
      collected: best.quality > training.threshold,
      exampleIds: examples.map((example) => example.id),
    };
  } else {
    result = scoreSingleAnswer(target, options, judge?.score, feedbackScore);
  }
  database
    .prepare(
      `INSERT INTO answer_quality (target_id, target_kind, quality, base, evidence, judge_score, judge_model, feedback,
         feedback_count, models_agreed, task_type, example_id, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (target_id) DO UPDATE SET quality = excluded.quality, base = excluded.base,
         evidence = excluded.evidence, judge_score = excluded.judge_score, judge_model = excluded.judge_model,
         feedback = excluded.feedback, feedback_count = excluded.feedback_count,
         models_agreed = excluded.models_agreed, task_type = excluded.task_type,
         example_id = excluded.example_id, updated_at = excluded.updated_at`,
    )
    .run(
      target.id,
      target.kind,
      result.quality,
      judge?.score ?? feedbackScore ?? result.quality,
      result.evidence,
      judge?.score ?? null,
      judge?.model ?? null,
      feedbackScore ?? null,
      feedback.n,
      examples.some((example) => example.models_agreed === 1) ? 1 : 0,
      taskTypeOf(target),
      result.exampleIds[0] ?? null,
      Date.now(),
    );
  return result;
}

/** A plain answer: judge verdict, else the user's own rating, else the model's prior for the task. */
function scoreSingleAnswer(
  target: FeedbackTarget,
  options: RescoreOptions,
  judgeScore: number | undefined,
  feedbackScore: number | undefined,
): AnswerQuality {
  const taskType = taskTypeOf(target);
  const prior = priorQuality(target.model ? options.profile(target.model) : undefined, taskType);
  const evidence = judgeScore !== undefined ? 'judge' : feedbackScore !== undefined ? 'feedback' : 'prior';
  const base = judgeScore ?? feedbackScore ?? prior;
  const quality = qualityScore({ base, feedback: feedbackScore });
  const eligible =
    target.ok &&
    target.messages !== undefined &&
    target.messages.length > 0 &&
    (target.response ?? '').trim() !== '' &&
    (evidence !== 'prior' || !options.requireEvidence);
  if (!eligible) return { quality, evidence, collected: false, exampleIds: [] };
  const collected = options.training.collect({
    sourceKind: target.kind === 'chat' ? 'chat' : kindOf(target.kind),
    sourceId: target.id,
    taskType,
    messages: target.messages ?? [],
    response: target.response ?? '',
    models: target.model ? [target.model] : [],
    base,
    feedback: feedbackScore,
    evidence,
  });
  return {
    quality: collected.quality,
    evidence,
    collected: collected.collected,
    exampleIds: collected.id ? [collected.id] : [],
  };
}

export function priorQuality(profile: ModelProfile | undefined, taskType: string): number {
  if (!profile) return 0.5;
  const byTask = isTaskClass(taskType) ? profile.quality[taskType] : undefined;
  return byTask ?? profile.quality.general ?? 0.5;
}

function taskTypeOf(target: FeedbackTarget): string {
  return target.taskType ?? 'general';
}

function kindOf(kind: string): 'council' | 'ensemble' | 'pipeline' | 'chat' {
  return kind === 'council' || kind === 'ensemble' || kind === 'pipeline' ? kind : 'chat';
}
