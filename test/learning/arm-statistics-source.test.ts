import type { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { type ArmStatistics, armStatistics } from '../../src/learning/experiments/arm-statistics.js';
import { createArmStatisticsSource } from '../../src/learning/experiments/arm-statistics-source.js';
import type { Experiment } from '../../src/learning/experiments/experiment-store.js';
import { openDatabase } from '../../src/store/open-database.js';
import { createRequestLog, type RequestRecord } from '../../src/store/request-log.js';

const EXPERIMENT = { id: 'exp-1', arms: [{ model: 'arm-a' }, { model: 'arm-b' }] } as unknown as Experiment;

function setUp() {
  const database = openDatabase(':memory:');
  database.exec(`INSERT INTO experiments (id, name, created_at, updated_at, status, allocation, metric, arms_json, match_json)
    VALUES ('exp-1', 'exp-1', 0, 0, 'running', 'thompson', 'feedback', '[]', '{}')`);
  return { database, log: createRequestLog(database) };
}

function observe(database: DatabaseSync, index: number) {
  database
    .prepare(
      "INSERT INTO experiment_observations (request_id, experiment_id, arm, unit_key, created_at) VALUES (?, 'exp-1', ?, NULL, ?)",
    )
    .run(`req-${index}`, index % 2 ? 'arm-a' : 'arm-b', Date.now());
}

/** Its outcome in the log: successes with and without fallbacks, failures, a missing latency, varied cost. */
function outcome(index: number): RequestRecord {
  const failed = index % 5 === 0;
  return {
    id: `req-${index}`,
    createdAt: Date.now(),
    kind: 'chat',
    model: index % 2 ? 'arm-a' : 'arm-b',
    status: failed ? 'error' : 'ok',
    errorKind: failed ? 'upstream' : undefined,
    inputTokens: 10,
    outputTokens: 5,
    costUsd: (index % 7) * 0.001,
    latencyMs: index % 6 === 0 ? undefined : 100 + index,
    fallbacks: index % 4 === 1 ? ['other-model'] : [],
    attempts: [],
  };
}

function feedback(database: DatabaseSync, index: number, score: number | null) {
  database
    .prepare(
      "INSERT INTO feedback (target_id, target_kind, created_at, thumbs, score) VALUES (?, 'request', 0, 1, ?)",
    )
    .run(`req-${index}`, score);
}

function expectSame(actual: ArmStatistics[], expected: ArmStatistics[]) {
  expect(actual.map((arm) => arm.arm)).toEqual(expected.map((arm) => arm.arm));
  for (const [index, arm] of expected.entries()) {
    for (const [key, value] of Object.entries(arm)) {
      if (typeof value === 'number')
        expect(actual[index]![key as keyof ArmStatistics], `${arm.arm}.${key}`).toBeCloseTo(value, 9);
    }
  }
}

describe('arm statistics as running sums', () => {
  it('equal a full read of the experiment as observations, outcomes and feedback arrive in any order', () => {
    const { database, log } = setUp();
    const live = createArmStatisticsSource(database);
    // 40 requests observed; 30 already logged, 10 still running.
    for (let index = 0; index < 40; index += 1) observe(database, index);
    for (let index = 0; index < 30; index += 1) log.append(outcome(index));
    log.flush();
    feedback(database, 3, 0.8);
    const first = live.statisticsOf(EXPERIMENT);
    expect(first.find((arm) => arm.arm === 'arm-a')!.assigned).toBe(20);
    expectSame(first, armStatistics(database, EXPERIMENT));

    // The running ones finish; feedback arrives on old answers (twice on one, thumbs only on another).
    for (let index = 30; index < 40; index += 1) log.append(outcome(index));
    log.flush();
    feedback(database, 3, 0.2);
    feedback(database, 4, 1);
    feedback(database, 7, null);
    feedback(database, 35, 0.5);
    const second = live.statisticsOf(EXPERIMENT);
    expect(second).not.toEqual(first);
    expectSame(second, armStatistics(database, EXPERIMENT));

    // More traffic, with feedback on a request observed but not counted yet.
    for (let index = 40; index < 60; index += 1) observe(database, index);
    feedback(database, 45, 0.1);
    for (let index = 40; index < 55; index += 1) log.append(outcome(index));
    log.flush();
    expectSame(live.statisticsOf(EXPERIMENT), armStatistics(database, EXPERIMENT));
  });

  it('reads everything once, then a backlog a bounded slice per call, and catches up', () => {
    const { database, log } = setUp();
    const live = createArmStatisticsSource(database, { maxRowsPerRefresh: 8 });
    const assigned = () => live.statisticsOf(EXPERIMENT).reduce((sum, arm) => sum + arm.assigned, 0);
    const add = (from: number, to: number) => {
      for (let index = from; index < to; index += 1) {
        observe(database, index);
        log.append(outcome(index));
      }
      log.flush();
    };
    add(0, 12);
    expect(assigned()).toBe(12);
    add(12, 32);
    expect([assigned(), assigned(), assigned(), assigned()]).toEqual([20, 28, 32, 32]);
    expectSame(live.statisticsOf(EXPERIMENT), armStatistics(database, EXPERIMENT));
  });
});
