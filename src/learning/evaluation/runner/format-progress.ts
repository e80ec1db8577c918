import type { EvaluationProgress } from './run-evaluation.js';

const BAR_WIDTH = 24;

/** One progress line: a bar, counts, spending and the cell that just finished. */
export function formatProgress(progress: EvaluationProgress, budgetUsd?: number): string {
  const share = progress.total === 0 ? 1 : progress.done / progress.total;
  const filled = Math.round(share * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
  const spent = `$${progress.spentUsd.toFixed(4)}${budgetUsd === undefined ? '' : ` of $${budgetUsd}`}`;
  const cell = progress.cell
    ? ` · ${progress.cell.status === 'ok' ? `q=${(progress.cell.quality ?? 0).toFixed(2)}` : 'error'} ${progress.cell.task} × ${progress.cell.model}${progress.cell.repetition > 0 ? ` #${progress.cell.repetition + 1}` : ''}`
    : '';
  return `${bar} ${progress.done}/${progress.total} ${Math.round(share * 100)}% · ${spent}${cell}`;
}
