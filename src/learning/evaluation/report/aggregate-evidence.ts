import type { CellRecord } from '../runner/evaluation-store.js';
import { mean, median, wilsonInterval } from './summary-statistics.js';

/** What the evidence says about one model on one task type. */
export interface ModelStats {
  model: string;
  /** The model is in the catalog (routable); imported names without a catalog alias are not. */
  routable: boolean;
  /** Names the imported datasets used for this model. */
  datasetNames: string[];
  samples: number;
  quality: number;
  ci: [number, number];
  /** Mean USD per call; undefined when no cell carries a cost. */
  costUsd?: number;
  ttftMs?: number;
  latencyMs?: number;
  tokensPerSec?: number;
  /** Run and import ids the samples come from. */
  sources: string[];
  /** Distinct tasks (prompts) behind the samples. */
  tasks: number;
}

export interface TaskTypeStats {
  taskType: string;
  /** Best quality first. */
  models: ModelStats[];
}

/** Groups graded cells by task type and model: mean quality, Wilson CI, mean cost, median speed. */
export function aggregateEvidence(
  cells: readonly CellRecord[],
  isRoutable: (model: string) => boolean,
): TaskTypeStats[] {
  const groups = new Map<string, Map<string, CellRecord[]>>();
  for (const cell of cells) {
    if (cell.quality === undefined) continue;
    const byModel = groups.get(cell.taskType) ?? new Map<string, CellRecord[]>();
    groups.set(cell.taskType, byModel);
    byModel.set(cell.model, [...(byModel.get(cell.model) ?? []), cell]);
  }
  return [...groups.entries()]
    .map(([taskType, byModel]) => ({
      taskType,
      models: [...byModel.entries()]
        .map(([model, group]) => modelStats(model, group, isRoutable(model)))
        .sort((left, right) => right.quality - left.quality || left.model.localeCompare(right.model)),
    }))
    .sort((left, right) => left.taskType.localeCompare(right.taskType));
}

function modelStats(model: string, cells: readonly CellRecord[], routable: boolean): ModelStats {
  const quality = mean(cells.map((cell) => cell.quality!))!;
  const defined = (values: (number | undefined)[]) =>
    values.filter((value): value is number => value !== undefined);
  return {
    model,
    routable,
    datasetNames: [
      ...new Set(cells.flatMap((cell) => (cell.datasetModel ? [cell.datasetModel] : []))),
    ].sort(),
    samples: cells.length,
    quality,
    ci: wilsonInterval(quality, cells.length),
    costUsd: mean(defined(cells.map((cell) => cell.costUsd))),
    ttftMs: median(defined(cells.map((cell) => cell.ttftMs))),
    latencyMs: median(defined(cells.map((cell) => cell.latencyMs))),
    tokensPerSec: median(defined(cells.map((cell) => cell.tokensPerSec))),
    sources: [...new Set(cells.map((cell) => cell.runId))].sort(),
    tasks: new Set(cells.map((cell) => cell.taskId)).size,
  };
}
