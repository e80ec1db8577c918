import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../src/learning/evaluation/report/summary-statistics.js';
import { writeReport } from '../../src/learning/evaluation/report/write-report.js';
import { createEvaluationStore } from '../../src/learning/evaluation/runner/evaluation-store.js';
import { readEvidenceFile } from '../../src/routing/evidence/evidence-file.js';
import { ALL_MIGRATIONS } from '../../src/store/migrations/index.js';

const directory = mkdtempSync(path.join(os.tmpdir(), 'conclave-report-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function memoryStore() {
  const database = new DatabaseSync(':memory:');
  for (const migration of ALL_MIGRATIONS) database.exec(migration.sql);
  return createEvaluationStore(database);
}

/**
 * A known matrix. code: A 0.90 @ $0.005 (n=10), B 0.85 @ $0.0005 (n=20), C 0.50 free (n=10), D 0.95 @ $0.001
 * but only n=2, claude-v2 1.00 @ $0.004 (imported, not in the catalog). quick: A 0.70, B 0.95 (n=20 each).
 */
function knownMatrix() {
  const store = memoryStore();
  store.createRun({
    id: 'run-1',
    kind: 'run',
    label: 'battery',
    createdAt: 1,
    updatedAt: 1,
    status: 'complete',
    models: ['A', 'B', 'C', 'D'],
    repeat: 1,
    suites: [],
  });
  store.createRun({
    id: 'import-x',
    kind: 'import',
    label: 'x.jsonl',
    createdAt: 2,
    updatedAt: 2,
    status: 'imported',
    models: ['claude-v2'],
    repeat: 1,
    suites: [],
    notes: { unmapped: ['claude-v2'] },
  });
  const add = (
    runId: string,
    taskType: string,
    model: string,
    qualities: number[],
    costUsd: number,
    latencyMs?: number,
  ) => {
    for (const [index, quality] of qualities.entries())
      store.putCell({
        runId,
        taskId: `${taskType}/t${index}`,
        taskType,
        model,
        repetition: 0,
        promptHash: 'p',
        gradeHash: 'g',
        status: 'ok',
        quality,
        costUsd,
        latencyMs,
        ttftMs: latencyMs === undefined ? undefined : latencyMs / 4,
        tokensPerSec: latencyMs === undefined ? undefined : 50,
        judgeCostUsd: 0,
        datasetModel: runId === 'import-x' ? 'claude-v2' : undefined,
        createdAt: 1,
      });
  };
  const ones = (passed: number, total: number) =>
    Array.from({ length: total }, (_, index) => (index < passed ? 1 : 0));
  add('run-1', 'code', 'A', ones(9, 10), 0.005, 2000);
  add('run-1', 'code', 'B', ones(17, 20), 0.0005, 800);
  add('run-1', 'code', 'C', ones(5, 10), 0, 400);
  add('run-1', 'code', 'D', [1, 0.9], 0.001, 900);
  add('import-x', 'code', 'claude-v2', ones(10, 10), 0.004);
  add('run-1', 'quick', 'A', ones(14, 20), 0.005, 1500);
  add('run-1', 'quick', 'B', ones(19, 20), 0.0005, 300);
  store.putCell({
    runId: 'run-1',
    taskId: 'battery/tool',
    taskType: 'tool-use',
    model: 'C',
    repetition: 0,
    promptHash: 'p',
    gradeHash: 'g',
    status: 'skipped',
    error: 'model lacks tools support',
    judgeCostUsd: 0,
    createdAt: 1,
  });
  return store;
}

const routable = new Set(['A', 'B', 'C', 'D']);

function report(objective: 'balanced' | 'quality' | 'cost' | 'speed', name: string) {
  const out = path.join(directory, name);
  return writeReport({
    store: knownMatrix(),
    isRoutable: (model) => routable.has(model),
    baseline: 'A',
    policy: { objective, tolerance: 0.05, minSamples: 3 },
    guideDirectory: out,
    rulesFile: path.join(out, 'routing-evidence.json'),
    now: () => new Date('2025-06-01T12:00:00Z'),
  });
}

describe('the model selection guide for a known matrix', () => {
  const result = report('balanced', 'balanced');
  const guide = readFileSync(result.guideFile, 'utf8');

  it('recommends the cheaper near-best model (balanced) with its evidence', () => {
    expect(result.guideFile).toBe(path.join(directory, 'balanced', 'MODEL_SELECTION_GUIDE.md'));
    expect(guide).toContain('| code | **B** | 0.85 (0.64–0.95) | 20 | 94% | $0.00050 | 800 ms | A, C |');
    expect(guide).toContain('| quick | **B** | 0.95 (0.76–0.99) | 20 | 136% | $0.00050 | 300 ms | A |');
    expect(guide).toContain(
      "**Use B for code: quality 0.85 (95% CI 0.64–0.95, n=20), 94% of A's quality, 10× cheaper than A, 2.5× as fast.**",
    );
  });

  it('lists every model with quality, Wilson CI, n, cost, TTFT, latency, tokens/s and Pareto membership', () => {
    const [low, high] = wilsonInterval(0.9, 10);
    expect(low).toBeCloseTo(0.5958, 3);
    expect(high).toBeCloseTo(0.9821, 3);
    expect(guide).toContain('| A | 0.900 | 0.60–0.98 | 10 | 10 | 100% | $0.00500 | 500 ms | 2.0 s | 50 |  |');
    expect(guide).toContain(
      '| C | 0.500 | 0.24–0.76 | 10 | 10 | 56% | $0 (free) | 100 ms | 400 ms | 50 | ✓ |',
    );
    expect(guide).toContain(
      '| claude-v2 (not in catalog) | 1.000 | 0.72–1.00 | 10 | 10 | 111% | $0.00400 | — | — | — | ✓ |',
    );
  });

  it('shows the Pareto front, the near-best group and why models were not eligible', () => {
    expect(guide).toContain(
      'Pareto front (cheapest → best): C ($0 (free), 0.50) → B ($0.00050, 0.85) → D ($0.00100, 0.95) → claude-v2 ($0.00400, 1.00).',
    );
    expect(guide).toContain('Near-best (statistically indistinguishable from the best): A, B.');
    expect(guide).toContain(
      'Not eligible, not in the catalog (dataset names the router cannot use): claude-v2.',
    );
    expect(guide).toContain('Not eligible, fewer than 3 graded answers (insufficient evidence): D (n=2).');
    expect(guide).toContain(
      '⚠ Not every model here was measured on the same tasks (claude-v2: import-x; D, A, B, C: run-1), so their qualities are not directly comparable',
    );
    expect(guide).toContain('- skipped `battery/tool` × `C`: model lacks tools support');
    expect(guide).toContain('kept as named evidence, not routable): `claude-v2`');
  });

  it('writes one SVG cost–quality chart per task type, linked from the guide', () => {
    expect(result.charts.map((chart) => path.basename(chart)).sort()).toEqual(['code.svg', 'quick.svg']);
    expect(guide).toContain('![code: cost vs quality](model-selection-charts/code.svg)');
    const svg = readFileSync(path.join(directory, 'balanced', 'model-selection-charts', 'code.svg'), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    for (const label of ['B ★', '>A<', '>C<', '>D<', '>claude-v2<']) expect(svg).toContain(label);
    expect(svg).toContain('<polyline');
    expect(svg.match(/<circle /g)).toHaveLength(5);
  });

  it('writes the routing rules in the router’s own format', () => {
    const rules = readEvidenceFile(result.rulesFile);
    expect(rules).toMatchObject({ version: 1, baseline: 'A', generatedAt: '2025-06-01T12:00:00.000Z' });
    expect(rules.source).toBe('conclave eval report: run run-1, import import-x');
    expect(rules.taskTypes.code).toMatchObject({ primary: 'B', alternatives: ['A', 'C'] });
    expect(rules.taskTypes.code?.models.B).toEqual({
      quality: 0.85,
      samples: 20,
      ci: [0.6396, 0.9476],
      qualityRatio: 0.944,
      latencyMs: 800,
      ttftMs: 200,
      tokensPerSec: 50,
      costUsd: 0.0005,
    });
    expect(rules.taskTypes.code?.models['claude-v2']).toMatchObject({ quality: 1, samples: 10 });
    expect(rules.taskTypes.quick?.primary).toBe('B');
    expect(rules.taskTypes['tool-use']).toBeUndefined();
  });

  it('the objective picks inside the near-best group', () => {
    expect(report('quality', 'quality').evidence.taskTypes.code?.primary).toBe('A');
    expect(report('cost', 'cost').evidence.taskTypes.code?.primary).toBe('B');
    expect(report('speed', 'speed').evidence.taskTypes.code?.primary).toBe('B');
  });

  it('reporting on nothing, or on an unknown run, says what to do', () => {
    const empty = memoryStore();
    const options = {
      store: empty,
      isRoutable: () => true,
      policy: { objective: 'balanced' as const, tolerance: 0.05, minSamples: 3 },
      guideDirectory: path.join(directory, 'empty'),
      rulesFile: path.join(directory, 'empty', 'rules.json'),
    };
    expect(() => writeReport(options)).toThrow(/no graded results/);
    expect(() => writeReport({ ...options, runIds: ['nope'] })).toThrow(/No evaluation run or import "nope"/);
    expect(existsSync(path.join(directory, 'empty', 'rules.json'))).toBe(false);
  });
});
