import { afterEach, describe, expect, it } from 'vitest';
import { ConclaveError } from '../../src/core/conclave-error.js';
import { startCouncil } from '../../src/orchestration/council/run-council.js';
import {
  CHAIRMAN,
  type CouncilFixture,
  createCouncilFixture,
  defaultScript,
  memberOf,
} from './council-fixture.js';
import { runToEnd } from './run-to-end.js';

const PRODUCT = ['strategist', 'engineer', 'designer'];

describe('council failures', () => {
  let fixture: CouncilFixture;
  afterEach(() => fixture.close());

  it('a member that fails is reported and dropped; the others carry on', async () => {
    fixture = await createCouncilFixture({
      script: defaultScript({
        answer: (call) =>
          memberOf(call) === 'engineer'
            ? { fail: 'phi exploded' }
            : `${memberOf(call)} answer from ${call.model}`,
      }),
    });
    const { run, progress } = await runToEnd(fixture.context, {
      question: 'q',
      agents: PRODUCT,
      date: '2025-11-07',
    });
    expect(run.status).toBe('ok');
    expect(run.dropped).toEqual([{ member: 'engineer', because: expect.stringContaining('phi exploded') }]);
    const failed = progress.find((entry) => entry.data.event === 'failed');
    expect(failed).toMatchObject({
      stage: 'council:answer',
      data: { member: 'engineer', model: 'phi-3.5-mini-instruct' },
    });
    expect(failed?.detail).toMatch(/^engineer failed on phi-3.5-mini-instruct: .*phi exploded/);
    // The dropped member neither reviews nor is reviewed.
    expect(run.review?.reviews.map((review) => review.reviewer)).toEqual(['strategist', 'designer']);
    for (const call of fixture.callsOf('review')) {
      expect(call.labels.size).toBe(1);
      expect([...call.labels.values()].join()).not.toContain('engineer');
    }
    // Two members can only rank each other first: a tie, kept in member order.
    expect(run.review?.aggregate.map((entry) => [entry.member, entry.averageRank, entry.votes])).toEqual([
      ['strategist', 1, 1],
      ['designer', 1, 1],
    ]);
    expect(run.final.source).toBe('chairman');
    expect(fixture.callsOf('synthesis')[0]?.lastUser).not.toContain('### Engineer');
  });

  it('with fewer than two answers the run fails cleanly, and the failure is recorded whole', async () => {
    fixture = await createCouncilFixture({
      script: defaultScript({
        answer: (call) =>
          memberOf(call) === 'designer' ? 'designer answer' : { fail: `${memberOf(call)} down` },
      }),
    });
    const execution = startCouncil(fixture.context, { question: 'q', agents: PRODUCT, date: '2025-11-07' });
    const drain = async () => {
      for await (const _part of execution.parts) {
        // drain
      }
    };
    await expect(drain()).rejects.toMatchObject({
      kind: 'all-failed',
      message: 'Only 1 of 3 council members answered; a council needs at least two.',
    });
    await expect(execution.run).rejects.toBeInstanceOf(ConclaveError);
    expect(fixture.callsOf('review')).toHaveLength(0);
    expect(fixture.callsOf('synthesis')).toHaveLength(0);
    const database = fixture.engine.database;
    const row = database.prepare('SELECT status, error_message, final_text FROM council_runs').get();
    expect(row).toEqual({
      status: 'error',
      error_message: 'Only 1 of 3 council members answered; a council needs at least two.',
      final_text: null,
    });
    expect(database.prepare('SELECT COUNT(*) AS count FROM council_calls').get()).toEqual({ count: 3 });
    expect(database.prepare('SELECT COUNT(*) AS count FROM preference_pairs').get()).toEqual({ count: 0 });
    expect(database.prepare('SELECT COUNT(*) AS count FROM training_examples').get()).toEqual({ count: 0 });
  });

  it('an unparseable ranking is shown as such and does not count; a sloppy one is read tolerantly', async () => {
    fixture = await createCouncilFixture({
      script: defaultScript({
        review: (call) => {
          if (memberOf(call) === 'strategist') return 'They are all wonderful, I cannot choose.';
          if (memberOf(call) === 'engineer') {
            const designer = [...call.labels].find(([, text]) => text.startsWith('designer'))![0];
            const strategist = [...call.labels].find(([, text]) => text.startsWith('strategist'))![0];
            return `Final ranking: **Response ${designer}** is best, then Response ${strategist}.`;
          }
          const order = [...call.labels.keys()].sort();
          return `FINAL RANKING:\n${order.map((label, index) => `${index + 1}. Response ${label}`).join('\n')}`;
        },
      }),
    });
    const { run, progress } = await runToEnd(fixture.context, {
      question: 'q',
      agents: PRODUCT,
      date: '2025-11-07',
      seed: 11,
    });
    const byReviewer = Object.fromEntries(run.review!.reviews.map((review) => [review.reviewer, review]));
    expect(byReviewer.strategist).toMatchObject({ method: 'unparsed', ranking: [], rankingLabels: [] });
    expect(byReviewer.engineer).toMatchObject({ method: 'fallback', ranking: ['designer', 'strategist'] });
    expect(byReviewer.designer?.method).toBe('strict');
    expect(progress.map((entry) => entry.detail)).toContain(
      "strategist's ranking could not be parsed (no valid label found); it does not count",
    );
    expect(
      progress.find((entry) => entry.data.reviewer === 'engineer' && entry.data.event === 'ranked')?.detail,
    ).toMatch(/^engineer ranked [AB]=designer > [AB]=strategist \(tolerant fallback parse\)$/);
    // Only the two parsed rankings vote.
    expect(run.review!.aggregate.reduce((sum, entry) => sum + entry.votes, 0)).toBe(4);
    expect(run.status).toBe('ok');
  });

  it('a chairman that fails before answering leaves the top-ranked answer as the final answer', async () => {
    fixture = await createCouncilFixture({
      script: defaultScript({ synthesis: () => ({ fail: 'chairman unavailable' }) }),
    });
    const { run, text } = await runToEnd(fixture.context, {
      question: 'q',
      agents: PRODUCT,
      date: '2025-11-07',
    });
    expect(run.synthesis?.call).toMatchObject({ ok: false, model: CHAIRMAN });
    expect(run.final).toEqual({
      text: 'engineer answer from phi-3.5-mini-instruct',
      source: 'top-ranked',
      member: 'engineer',
      model: 'phi-3.5-mini-instruct',
    });
    expect(text).toBe('engineer answer from phi-3.5-mini-instruct');
    expect(run.warnings[0]).toMatch(
      /chairman .* failed: .*chairman unavailable.*top-ranked answer is used instead/,
    );
    expect(run.learning.example).toBeUndefined();
    expect(run.learning.preferencePairs).toHaveLength(3);
  });

  it('members on cloud models need consent: without it the run fails with consent-required, with it the council runs', async () => {
    fixture = await createCouncilFixture();
    for (const id of ['llama-3.1-8b-instruct', 'phi-3.5-mini-instruct'])
      fixture.engine.registerModel({ ...fixture.engine.profile(id)!, location: 'external' });
    const refused = startCouncil(fixture.context, {
      question: 'q',
      agents: ['strategist', 'engineer'],
      date: '2025-11-07',
    });
    const drain = async () => {
      for await (const _part of refused.parts) {
        // drain
      }
    };
    await expect(drain()).rejects.toMatchObject({ kind: 'consent-required' });
    expect(fixture.received).toEqual([]);
    const { run } = await runToEnd(fixture.context, {
      question: 'q',
      agents: ['strategist', 'engineer'],
      date: '2025-11-07',
      consent: true,
    });
    expect(run.status).toBe('ok');
    expect(
      fixture
        .callsOf('answer')
        .map((call) => call.model)
        .sort(),
    ).toEqual(['llama-3.1-8b-instruct', 'phi-3.5-mini-instruct']);
  });
});
