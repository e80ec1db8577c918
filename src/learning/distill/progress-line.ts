import type { DistillProgress } from './run-distillation.js';

const WIDTH = 24;

/**
 * One line of distillation progress: a bar, tasks done, failures, examples collected and the cost so far
 * (including earlier, resumed runs), plus an ETA from this run's pace.
 */
export function progressLine(progress: DistillProgress, startedAt: number, now = Date.now()): string {
  const finished = progress.done + progress.failed;
  const ratio = progress.total === 0 ? 1 : Math.min(1, finished / progress.total);
  const filled = Math.round(ratio * WIDTH);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
  const ranThisTime = finished - progress.skipped;
  const remaining = progress.total - finished;
  const eta =
    ranThisTime > 0 && remaining > 0
      ? ` · ETA ${duration(((now - startedAt) / ranThisTime) * remaining)}`
      : '';
  const failed = progress.failed > 0 ? ` · ${progress.failed} failed` : '';
  return `▕${bar}▏ ${progress.done}/${progress.total} tasks${failed} · ${progress.collected} collected · ${usd(progress.costUsd)} so far${eta}`;
}

function usd(value: number): string {
  return value === 0 ? '$0' : value < 0.01 ? `$${value.toFixed(4)}` : `$${value.toFixed(2)}`;
}

function duration(milliseconds: number): string {
  const seconds = Math.round(milliseconds / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes}m ${seconds % 60}s` : `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}
