import type { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { createEnsembleStore } from '../../src/orchestration/ensemble/ensemble-store.js';
import { createTrackRecordSource } from '../../src/orchestration/ensemble/track-record-source.js';
import { openDatabase } from '../../src/store/open-database.js';

const TASKS = ['code', 'math'];
const MODELS = ['m-a', 'm-b', 'm-c'];

/** A run of `task` with three members: confidence varies (sure runs count, unsure ones only once rated). */
function run(database: DatabaseSync, index: number, confidence = (index % 5) / 4) {
  database
    .prepare(`INSERT INTO ensemble_runs (id, created_at, finished_at, status, strategy, task_type, prompt_json,
      confidence, models_json, duration_ms, run_json) VALUES (?, 0, 0, 'ok', 'consensus', ?, '[]', ?, '[]', 0, '{}')`)
    .run(`ens-${index}`, TASKS[index % 2]!, confidence);
  for (const [position, model] of MODELS.entries()) {
    database
      .prepare(`INSERT INTO ensemble_calls (run_id, position, role, model, status, latency_ms, agreed_with_final)
        VALUES (?, ?, 'member', ?, ?, 10, ?)`)
      .run(
        `ens-${index}`,
        position,
        model,
        (index + position) % 7 === 0 ? 'error' : 'ok',
        (index + position) % 3 === 0 ? 0 : 1,
      );
  }
}

function rate(database: DatabaseSync, index: number, score: number | null, thumbs: number | null = null) {
  database
    .prepare(
      "INSERT INTO feedback (target_id, target_kind, created_at, thumbs, score) VALUES (?, 'ensemble', 0, ?, ?)",
    )
    .run(`ens-${index}`, thumbs, score);
}

function expectSame(database: DatabaseSync, live: ReturnType<typeof createTrackRecordSource>) {
  const oracle = createEnsembleStore(database);
  for (const task of TASKS) expect(live.trackRecords(task), task).toEqual(oracle.trackRecords(task));
}

describe('ensemble member track records as running sums', () => {
  it('equal a full read as runs and ratings arrive', () => {
    const database = openDatabase(':memory:');
    const live = createTrackRecordSource(database);
    for (let index = 0; index < 30; index += 1) run(database, index);
    const first = live.trackRecords('code');
    expect(first.get('m-a')!.trials).toBeGreaterThan(0);
    expectSame(database, live);

    // Ratings: an unsure run starts to count, a sure run is said to be wrong (its members' agreement flips),
    // a second opinion, a thumbs-only rating.
    rate(database, 1, 0.9);
    rate(database, 4, 0.1);
    rate(database, 4, 0.3);
    rate(database, 10, null, 0);
    expect(live.trackRecords('code')).not.toEqual(first);
    expectSame(database, live);

    for (let index = 30; index < 45; index += 1) run(database, index);
    rate(database, 33, 1);
    rate(database, 2, 0.2);
    expectSame(database, live);
  });

  it('reads every run once, then a backlog a bounded slice per call', () => {
    const database = openDatabase(':memory:');
    const live = createTrackRecordSource(database, { maxRunsPerRefresh: 4 });
    const trials = () =>
      [...live.trackRecords('code').values()].reduce((sum, record) => sum + record.trials, 0);
    // Sure runs only, so every run counts: code runs are the even ones, 2 members of 3 answer 'ok' at most.
    for (let index = 0; index < 10; index += 1) run(database, index, 1);
    const loaded = trials();
    for (let index = 10; index < 30; index += 1) run(database, index, 1);
    const steps = [trials(), trials(), trials(), trials(), trials(), trials()];
    // 4 runs per call (2 of them code runs) until all 20 new runs are in.
    expect(steps[0]).toBeGreaterThan(loaded);
    expect(steps[0]).toBeLessThan(steps[4]!);
    expect(steps[4]).toBe(steps[5]);
    expectSame(database, live);
  });
});
