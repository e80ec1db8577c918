import { afterEach, describe, expect, it } from 'vitest';
import { createCouncilStore } from '../../src/orchestration/council/council-store.js';
import { type CouncilFixture, createCouncilFixture } from './council-fixture.js';
import { runToEnd } from './run-to-end.js';

describe('council store', () => {
  let fixture: CouncilFixture;
  afterEach(() => fixture.close());

  it('writes a run and its learning data in one transaction: a failure part-way leaves nothing behind', async () => {
    fixture = await createCouncilFixture();
    const { run } = await runToEnd(fixture.context, {
      question: 'q',
      agents: ['strategist', 'engineer'],
      date: '2025-11-07',
      sessionId: 's',
    });
    const database = fixture.engine.database;
    const count = (table: string) =>
      (database.prepare(`SELECT COUNT(*) AS count FROM ${table}`).get() as { count: number }).count;
    const before = [
      'council_runs',
      'council_calls',
      'council_rankings',
      'council_session_turns',
      'preference_pairs',
    ].map(count);
    const store = createCouncilStore(database);
    const again = { ...run, id: 'council-second' };
    expect(() =>
      store.record(again, () => {
        fixture.context.training.addPreferencePair({
          sourceKind: 'council',
          sourceId: again.id,
          taskType: 'general',
          messages: [],
          chosen: 'a',
          rejected: 'b',
        });
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(
      ['council_runs', 'council_calls', 'council_rankings', 'council_session_turns', 'preference_pairs'].map(
        count,
      ),
    ).toEqual(before);
    expect(store.get('council-second')).toBeUndefined();
    // A duplicate id fails inside the transaction too, after the learning writes: still nothing half-written.
    expect(() =>
      store.record(run, () =>
        fixture.context.training.addPreferencePair({
          sourceKind: 'council',
          sourceId: run.id,
          taskType: 'general',
          messages: [],
          chosen: 'a',
          rejected: 'b',
        }),
      ),
    ).toThrow();
    expect(count('preference_pairs')).toBe(before[4]);
  });

  it('scrubs secrets from everything it writes', async () => {
    fixture = await createCouncilFixture();
    const secret = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD';
    const { run } = await runToEnd(fixture.context, {
      question: `My key is ${secret}, what now?`,
      agents: ['strategist', 'engineer'],
      date: '2025-11-07',
    });
    const row = fixture.engine.database
      .prepare('SELECT question, run_json FROM council_runs WHERE id = ?')
      .get(run.id) as {
      question: string;
      run_json: string;
    };
    expect(row.question).not.toContain(secret);
    expect(row.run_json).not.toContain(secret);
  });
});
