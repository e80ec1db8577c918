import { afterEach, describe, expect, it } from 'vitest';
import { normalizeFeedback } from '../../src/learning/feedback/feedback-input.js';
import { submitFeedback } from '../../src/learning/feedback/submit-feedback.js';
import { scoreRecentAnswers } from '../../src/learning/quality/score-recent-answers.js';
import { qualityScore } from '../../src/learning/quality-score.js';
import { ask, createLearningFixture, type LearningFixture } from './helpers/learning-fixture.js';
import { lastUserText } from './helpers/scripted-teacher.js';

describe('the collection rule', () => {
  it.each([
    // base, agreed, feedback → quality (collected when > 0.7)
    [0.7, false, undefined, 0.7],
    [0.65, true, undefined, 0.75],
    [0.6, false, 1, 0.7],
    [0.6, true, 1, 0.8],
    [0.95, true, 1, 1],
    [0.9, true, 0, 0],
    [0.9, false, 0.25, 0.25],
  ])('base %d, agreed %s, feedback %s → %d', (base, modelsAgreed, feedback, expected) => {
    expect(qualityScore({ base, modelsAgreed, feedback })).toBe(expected);
  });
});

describe('scoring and collecting recorded answers', () => {
  let fixture: LearningFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  const feedback = (id: string, input: Record<string, unknown>) =>
    submitFeedback(fixture!.engine, normalizeFeedback({ id, ...input }));

  it('a single answer with only the model prior is scored but not collected (evidence required)', async () => {
    fixture = await createLearningFixture({
      models: [
        { id: 'strong', reply: () => 'A solid answer.', profile: { quality: { general: 0.9, code: 0.9 } } },
      ],
    });
    const { id } = await fixture.engine.generate(
      ask('Please debug this function, it throws', { model: 'strong' }),
    );
    const result = feedback(id, { comment: 'no rating, just a note' });
    expect(result).toMatchObject({ quality: 0.9, evidence: 'prior', collected: false });
    const scored = fixture.engine.database
      .prepare('SELECT task_type, evidence FROM answer_quality WHERE target_id = ?')
      .get(id);
    expect(scored).toEqual({ task_type: 'code', evidence: 'prior' });
    expect(fixture.engine.database.prepare('SELECT COUNT(*) AS n FROM training_examples').get()).toEqual({
      n: 0,
    });
  });

  it('without requireEvidence, a strong prior alone is enough; the task type comes from the router', async () => {
    fixture = await createLearningFixture({
      models: [
        {
          id: 'strong',
          reply: () => 'Roses are red…',
          profile: { quality: { general: 0.9, creative: 0.85 } },
        },
      ],
      config: { learning: { collection: { requireEvidence: false } } },
    });
    const { id } = await fixture.engine.generate(ask('Write a poem about the sea', { model: 'strong' }));
    expect(feedback(id, { comment: 'nice' })).toMatchObject({ quality: 0.85, collected: true });
    expect(
      fixture.engine.database.prepare('SELECT task_type FROM training_examples WHERE source_id = ?').get(id),
    ).toEqual({ task_type: 'creative' });
  });

  it('the collection threshold is configurable (strictly above it)', async () => {
    fixture = await createLearningFixture({
      models: [{ id: 'alpha', reply: () => 'ok' }],
      config: { learning: { collection: { threshold: 0.9 } } },
    });
    const { id } = await fixture.engine.generate(ask('hello there friend', { model: 'alpha' }));
    expect(feedback(id, { score: 0.8 })).toMatchObject({ quality: 0.88, collected: false });
    expect(feedback(id, { score: 1 })).toMatchObject({ quality: 0.99, collected: true });
  });

  it('learning-score: the judge grades recent answers, good ones are collected, judge calls are never judged', async () => {
    fixture = await createLearningFixture({
      models: [
        {
          id: 'alpha',
          reply: (prompt) => (lastUserText(prompt).includes('capital') ? 'Paris.' : 'Bananas.'),
        },
        { id: 'judge', reply: (prompt) => (lastUserText(prompt).includes('Paris.') ? '9' : 'Score: 2/10') },
      ],
      config: { learning: { judge: { model: 'judge' } } },
    });
    const good = await fixture.engine.generate(ask('What is the capital of France?', { model: 'alpha' }));
    const bad = await fixture.engine.generate(ask('What is 2 + 2?', { model: 'alpha' }));
    const summary = await scoreRecentAnswers(fixture.engine, { since: 0, limit: 50 });
    expect(summary).toMatchObject({ judged: 2, collected: 1, failed: [] });
    expect(summary.costUsd).toBeGreaterThan(0);
    const judged = fixture.engine.database
      .prepare(
        'SELECT target_id, judge_score, quality, evidence FROM answer_quality ORDER BY judge_score DESC',
      )
      .all();
    expect(judged).toEqual([
      { target_id: good.id, judge_score: 0.9, quality: 0.9, evidence: 'judge' },
      { target_id: bad.id, judge_score: 0.2, quality: 0.2, evidence: 'judge' },
    ]);
    // The judge's own two calls are in the log, but a second pass has nothing left to grade.
    expect(await scoreRecentAnswers(fixture.engine, { since: 0, limit: 50 })).toMatchObject({ judged: 0 });
    expect(fixture.calls('judge')).toBe(2);
    // Judge + positive feedback: the judge stays the base, feedback adds the bonus.
    expect(feedback(bad.id, { thumbs: true })).toMatchObject({
      quality: 0.3,
      evidence: 'judge',
      collected: false,
    });
  });

  it('learning-score without a judge model is a clear config error', async () => {
    fixture = await createLearningFixture({ models: [] });
    await expect(scoreRecentAnswers(fixture.engine, { since: 0, limit: 10 })).rejects.toThrow(
      /No judge model is configured/,
    );
  });

  it('failed requests are found (feedback is stored) but never collected', async () => {
    fixture = await createLearningFixture({ models: [{ id: 'broken', reply: () => ({ fail: 'boom' }) }] });
    const running = fixture.engine.stream(
      ask('hello', { model: 'broken', routing: { allowFallbacks: false } }),
    );
    await expect(
      (async () => {
        for await (const _part of running.parts) {
          // drained
        }
      })(),
    ).rejects.toThrow();
    expect(feedback(running.id, { thumbs: true })).toMatchObject({
      collected: false,
      target: { id: running.id },
    });
    expect(fixture.engine.database.prepare('SELECT COUNT(*) AS n FROM training_examples').get()).toEqual({
      n: 0,
    });
  });
});
