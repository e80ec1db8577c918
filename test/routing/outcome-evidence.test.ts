import type { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { createOutcomeEvidence, type OutcomeStats } from '../../src/routing/evidence/outcome-evidence.js';
import { openDatabase } from '../../src/store/open-database.js';
import { createRequestLog, type RequestRecord } from '../../src/store/request-log.js';

const MODELS = ['alpha', 'beta', 'gamma'];
const CLASSES = ['code', 'math', 'quick'];
const ERRORS = ['upstream', 'timeout', 'rate-limit', 'cancelled', 'context-length'];

/** A deterministic mix of requests: successes, quality failures, neutral failures, and judge calls. */
function record(index: number): RequestRecord {
  const model = MODELS[index % 3]!;
  const taskClass = CLASSES[Math.floor(index / 3) % 3]!;
  const failed = index % 4 === 0;
  return {
    id: `req-${index}`,
    createdAt: 1_000 + index,
    kind: index % 11 === 0 ? 'judge' : 'chat',
    model,
    taskClass,
    status: failed ? 'error' : 'ok',
    errorKind: failed ? ERRORS[index % ERRORS.length] : undefined,
    inputTokens: 10,
    outputTokens: 5,
    costUsd: 0,
    attempts: [
      {
        model,
        taskClass,
        status: failed ? 'error' : 'ok',
        errorKind: failed ? ERRORS[index % ERRORS.length] : undefined,
        startedAt: 1_000 + index,
        latencyMs: failed ? undefined : 100 + (index % 7) * 10,
        inputTokens: 10,
        outputTokens: 5,
        costUsd: 0,
      },
    ],
  };
}

function addFeedback(database: DatabaseSync, requestId: string, score: number | null) {
  database
    .prepare(
      "INSERT INTO feedback (target_id, target_kind, created_at, thumbs, score) VALUES (?, 'request', 0, NULL, ?)",
    )
    .run(requestId, score);
}

/** Every (model, class) as the evidence reports it. */
function snapshot(
  evidence: ReturnType<typeof createOutcomeEvidence>,
): Record<string, OutcomeStats | undefined> {
  const result: Record<string, OutcomeStats | undefined> = {};
  for (const model of MODELS)
    for (const taskClass of CLASSES) result[`${model}/${taskClass}`] = evidence.get(model, taskClass);
  return result;
}

function expectSame(
  actual: Record<string, OutcomeStats | undefined>,
  expected: Record<string, OutcomeStats | undefined>,
) {
  for (const [key, stats] of Object.entries(expected)) {
    const got = actual[key];
    if (!stats || stats.count === 0) {
      expect(got?.count ?? 0, key).toBeCloseTo(0, 9);
      continue;
    }
    expect(got, key).toBeDefined();
    expect(got!.valueSum, key).toBeCloseTo(stats.valueSum, 9);
    expect(got!.count, key).toBeCloseTo(stats.count, 9);
    if (stats.latencyMs === undefined) expect(got!.latencyMs, key).toBeUndefined();
    else expect(got!.latencyMs, key).toBeCloseTo(stats.latencyMs, 9);
  }
}

describe('outcome evidence from the request log', () => {
  it('stays equal to a fresh read of the whole log as requests, feedback and deletions arrive', () => {
    const database = openDatabase(':memory:');
    const log = createRequestLog(database);
    const live = createOutcomeEvidence(database, { refreshMs: 0 });
    const fresh = () => snapshot(createOutcomeEvidence(database, { refreshMs: 0 }));

    for (let index = 0; index < 60; index += 1) log.append(record(index));
    log.flush();
    const first = snapshot(live);
    expect(first['alpha/code']!.count).toBeGreaterThan(0);
    expectSame(first, fresh());

    // Feedback on requests already counted: scores, a second opinion on the same answer, a thumbs-only row.
    addFeedback(database, 'req-1', 0.2);
    addFeedback(database, 'req-2', 1);
    addFeedback(database, 'req-2', 0);
    addFeedback(database, 'req-5', null);
    addFeedback(database, 'req-4', 0.9); // a failed request: feedback does not turn it into a success
    const rescored = snapshot(live);
    expect(rescored).not.toEqual(first);
    expectSame(rescored, fresh());

    // More requests, one of them with feedback before it is first read.
    for (let index = 60; index < 90; index += 1) log.append(record(index));
    log.flush();
    addFeedback(database, 'req-70', 0.5);
    addFeedback(database, 'req-1', 1);
    expectSame(snapshot(live), fresh());

    // Retention: the oldest go, and what was counted of them is taken out first.
    const deleted = log.deleteOlderThan(1_000 + 30, 1_000, live.forget);
    expect(deleted).toBe(30);
    expectSame(snapshot(live), fresh());
  });

  it('reads a backlog a bounded slice per refresh, and catches up', () => {
    const database = openDatabase(':memory:');
    const log = createRequestLog(database);
    const live = createOutcomeEvidence(database, { refreshMs: 0, maxRowsPerRefresh: 10 });
    for (let index = 0; index < 9; index += 1) log.append(record(index * 9)); // alpha, code
    log.flush();
    const before = live.get('alpha', 'code')!.count;
    for (let index = 0; index < 25; index += 1)
      log.append({ ...record(0), kind: 'chat', id: `late-${index}` });
    log.flush();
    const counts = [1, 2, 3, 4].map(() => live.get('alpha', 'code')!.count - before);
    // Each failed attempt counts 1: at most 10 new ones per refresh until all 25 are in.
    expect(counts).toEqual([10, 20, 25, 25]);
  });
});
