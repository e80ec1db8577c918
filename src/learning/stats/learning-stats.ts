import type { DatabaseSync } from 'node:sqlite';
import type { LearningConfig } from '../../config/sections/learning.js';

export interface LearningStats {
  totalExamples: number;
  highQuality: number;
  highQualityThreshold: number;
  readyForFineTuning: boolean;
  readyThreshold: number;
  averageQuality: number;
  examplesWithFeedback: number;
  preferencePairs: number;
  /** Answers whose negative feedback (or judge) pushed them to or below the threshold: kept, not exported. */
  excluded: number;
  collectionThreshold: number;
  byTask: { taskType: string; count: number }[];
  bySource: { sourceKind: string; count: number }[];
  qualityBands: { excellent: number; good: number; fair: number };
}

/**
 * What the learning loop has collected. An example counts while its quality is above the collection
 * threshold; it has feedback when a user rated it or the answer it came from.
 */
export function learningStats(database: DatabaseSync, config: LearningConfig): LearningStats {
  const threshold = config.collection.threshold;
  const highQualityThreshold = config.collection.highQuality;
  const totals = database
    .prepare(
      `SELECT COUNT(*) AS total, AVG(quality) AS average,
         SUM(CASE WHEN quality > ? THEN 1 ELSE 0 END) AS high,
         SUM(CASE WHEN quality > 0.9 THEN 1 ELSE 0 END) AS excellent,
         SUM(CASE WHEN quality > 0.8 AND quality <= 0.9 THEN 1 ELSE 0 END) AS good,
         SUM(CASE WHEN feedback_score IS NOT NULL
               OR EXISTS (SELECT 1 FROM feedback f WHERE f.target_id = e.source_id) THEN 1 ELSE 0 END) AS with_feedback
       FROM training_examples e WHERE quality > ?`,
    )
    .get(highQualityThreshold, threshold) as Record<string, number | null>;
  const total = Number(totals.total ?? 0);
  const excluded = database
    .prepare('SELECT COUNT(*) AS n FROM training_examples WHERE quality <= ?')
    .get(threshold) as { n: number };
  const byTask = database
    .prepare(
      'SELECT task_type, COUNT(*) AS n FROM training_examples WHERE quality > ? GROUP BY task_type ORDER BY n DESC, task_type',
    )
    .all(threshold) as { task_type: string; n: number }[];
  const bySource = database
    .prepare(
      'SELECT source_kind, COUNT(*) AS n FROM training_examples WHERE quality > ? GROUP BY source_kind ORDER BY n DESC, source_kind',
    )
    .all(threshold) as { source_kind: string; n: number }[];
  const pairs = database.prepare('SELECT COUNT(*) AS n FROM preference_pairs').get() as { n: number };
  const excellent = Number(totals.excellent ?? 0);
  const good = Number(totals.good ?? 0);
  return {
    totalExamples: total,
    highQuality: Number(totals.high ?? 0),
    highQualityThreshold,
    readyForFineTuning: total >= config.readyForFineTuning,
    readyThreshold: config.readyForFineTuning,
    averageQuality: total === 0 ? 0 : Math.round(Number(totals.average) * 100) / 100,
    examplesWithFeedback: Number(totals.with_feedback ?? 0),
    preferencePairs: pairs.n,
    excluded: excluded.n,
    collectionThreshold: threshold,
    byTask: byTask.map((row) => ({ taskType: row.task_type, count: row.n })),
    bySource: bySource.map((row) => ({ sourceKind: row.source_kind, count: row.n })),
    qualityBands: { excellent, good, fair: total - excellent - good },
  };
}

/** The `conclave learning-stats` report (the product brief's layout). */
export function formatLearningStats(stats: LearningStats): string {
  const ready = stats.readyForFineTuning
    ? `✅ Yes (${stats.totalExamples} ≥ ${stats.readyThreshold})`
    : `❌ No — ${stats.readyThreshold - stats.totalExamples} more needed (${stats.totalExamples}/${stats.readyThreshold})`;
  const lines = [
    '📚 Continuous Learning Statistics',
    '',
    'Training Data Summary:',
    `  Total Examples: ${stats.totalExamples}`,
    `  High Quality (>${stats.highQualityThreshold}): ${stats.highQuality}`,
    `  Ready for Fine-tuning: ${ready}`,
    `  Average Quality: ${stats.averageQuality.toFixed(2)}`,
    `  Examples with Feedback: ${stats.examplesWithFeedback}`,
    `  Preference Pairs: ${stats.preferencePairs}`,
  ];
  if (stats.excluded > 0)
    lines.push(`  Excluded (quality ≤ ${stats.collectionThreshold} after feedback): ${stats.excluded}`);
  lines.push('', '📊 Task Distribution:');
  if (stats.byTask.length === 0)
    lines.push('  (no examples yet — rate answers with `conclave feedback`, or run `conclave distill`)');
  for (const row of stats.byTask)
    lines.push(`  ${row.taskType}: ${row.count} example${row.count === 1 ? '' : 's'}`);
  if (stats.bySource.length > 0) {
    lines.push('', '🧭 Sources:');
    for (const row of stats.bySource) lines.push(`  ${row.sourceKind}: ${row.count}`);
  }
  return lines.join('\n');
}
