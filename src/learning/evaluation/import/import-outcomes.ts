import { createHash } from 'node:crypto';
import path from 'node:path';
import { ConclaveError } from '../../../core/conclave-error.js';
import type { ModelProfile } from '../../../core/model-profile.js';
import type { TaskClass } from '../../../core/task-class.js';
import { readOutcomeLines } from '../../../routing/offline/read-outcome-lines.js';
import type { CellRecord, EvaluationStore } from '../runner/evaluation-store.js';
import { importTaskType } from './import-task-types.js';
import { mapModelName } from './map-model-name.js';

export interface ImportOutcomesOptions {
  store: EvaluationStore;
  file: string;
  profiles: readonly ModelProfile[];
  /** Dataset model name → catalog id. */
  modelMap?: Readonly<Record<string, string>>;
  /** Dataset task or category → task type. */
  taskTypes?: Readonly<Record<string, TaskClass>>;
  split?: 'all' | 'train' | 'test';
  /** Cells without an outcome upstream: left out (default), or counted as wrong. */
  missing?: 'skip' | 'wrong';
  /** Import id (default: import-<file name>); importing under the same id replaces the earlier import. */
  name?: string;
  now?: () => number;
}

export interface ImportSummary {
  id: string;
  file: string;
  rows: number;
  cells: number;
  /** Dataset name → catalog id, or null when unmapped. */
  mapping: Record<string, string | null>;
  unmapped: string[];
  taskTypes: Record<string, TaskClass>;
  missingOutcomes: number;
  missing: 'skip' | 'wrong';
  duplicates: number;
  split: 'all' | 'train' | 'test';
}

/**
 * Loads per-query outcomes as graded cells of an import run: one cell per (query, model), quality = the
 * binarised `correct`, else the normalised `score`; cost = USD per call when the dataset has prices.
 * Dataset names with a catalog alias become catalog ids (routable evidence); the rest keep their names.
 */
export async function importOutcomes(options: ImportOutcomesOptions): Promise<ImportSummary> {
  const split = options.split ?? 'all';
  const missing = options.missing ?? 'skip';
  const now = options.now ?? Date.now;
  const id = options.name ?? `import-${path.basename(options.file).replace(/\.jsonl?$/i, '')}`;
  const mapping = new Map<string, string | null>();
  const taskTypes: Record<string, TaskClass> = {};
  const cells = new Map<string, CellRecord>();
  let rows = 0;
  let missingOutcomes = 0;
  let duplicates = 0;
  const seenQueries = new Set<string>();
  // Two dataset names for one catalog model become separate repetitions instead of overwriting each other.
  const repetitionOf = new Map<string, number>();
  const catalogIdOf = (name: string): string | null => {
    if (!mapping.has(name)) {
      const target = mapModelName(name, options.profiles, options.modelMap) ?? null;
      repetitionOf.set(
        name,
        [...mapping.values()].filter((other) => other !== null && other === target).length,
      );
      mapping.set(name, target);
    }
    return mapping.get(name)!;
  };
  for await (const line of readOutcomeLines(options.file)) {
    if (split !== 'all' && line.split !== split) continue;
    rows += 1;
    const taskType = importTaskType(line.task, line.category, options.taskTypes ?? {});
    if (!taskType)
      throw new ConclaveError(
        'bad-request',
        `${options.file}: task "${line.task}"${line.category ? ` (category "${line.category}")` : ''} has no task type.`,
        { hint: `Map it: --task-type ${line.task}=<code|math|creative|analysis|quick|general|…>` },
      );
    taskTypes[line.task] = taskType;
    const taskId = `${line.task}/${line.id}`;
    const promptHash = line.prompt ? createHash('sha256').update(line.prompt).digest('hex') : '';
    if (seenQueries.has(taskId)) duplicates += 1;
    seenQueries.add(taskId);
    for (const [name, outcome] of Object.entries(line.outcomes)) {
      const value = outcome.correct ?? outcome.score ?? null;
      if (value === null && missing === 'skip') {
        missingOutcomes += 1;
        continue;
      }
      if (value === null) missingOutcomes += 1;
      const model = catalogIdOf(name) ?? name;
      const repetition = repetitionOf.get(name) ?? 0;
      cells.set(`${taskId}\u0000${model}\u0000${repetition}`, {
        runId: id,
        taskId,
        taskType,
        model,
        repetition,
        promptHash,
        prompt: line.prompt,
        gradeHash: '',
        status: 'ok',
        quality: Math.min(1, Math.max(0, value ?? 0)),
        costUsd: outcome.cost ?? undefined,
        judgeCostUsd: 0,
        datasetModel: name,
        createdAt: now(),
      });
    }
  }
  if (rows === 0)
    throw new ConclaveError(
      'bad-request',
      `${options.file} has no ${split === 'all' ? '' : `${split} `}rows to import.`,
    );
  const unmapped = [...mapping.entries()]
    .filter(([, target]) => target === null)
    .map(([name]) => name)
    .sort();
  const summary: ImportSummary = {
    id,
    file: options.file,
    rows,
    cells: 0,
    mapping: Object.fromEntries([...mapping.entries()].sort()),
    unmapped,
    taskTypes,
    missingOutcomes,
    missing,
    duplicates,
    split,
  };
  summary.cells = options.store.replaceImport(
    {
      id,
      kind: 'import',
      label: path.basename(options.file),
      createdAt: now(),
      updatedAt: now(),
      status: 'imported',
      models: [...new Set([...mapping.entries()].map(([name, target]) => target ?? name))],
      repeat: 1,
      suites: [],
      notes: { ...summary, cells: undefined },
    },
    cells.values(),
  );
  return summary;
}
