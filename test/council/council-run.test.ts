import { afterEach, describe, expect, it } from 'vitest';
import { createCouncilStore } from '../../src/orchestration/council/council-store.js';
import {
  CHAIRMAN,
  type CouncilFixture,
  createCouncilFixture,
  defaultScript,
  memberOf,
} from './council-fixture.js';
import { runToEnd } from './run-to-end.js';

const PRODUCT = ['strategist', 'engineer', 'designer'];

describe('council run with scripted models', () => {
  let fixture: CouncilFixture;
  afterEach(() => fixture.close());

  it('answers in parallel, reviews blind, aggregates, and the strongest model synthesizes', async () => {
    fixture = await createCouncilFixture();
    const { run, progress, text, parts } = await runToEnd(fixture.context, {
      question: 'Design a habit-tracking app',
      agents: PRODUCT,
      date: '2025-11-07',
      seed: 7,
    });
    expect(run.status).toBe('ok');
    expect(run.members.map((member) => [member.archetype, member.model])).toEqual([
      ['strategist', 'llama-3.1-8b-instruct'],
      ['engineer', 'phi-3.5-mini-instruct'],
      ['designer', 'mistral-7b-instruct-v0.3'],
    ]);
    expect(run.rounds[0]!.calls.map((call) => call.text)).toEqual([
      'strategist answer from llama-3.1-8b-instruct',
      'engineer answer from phi-3.5-mini-instruct',
      'designer answer from mistral-7b-instruct-v0.3',
    ]);
    // Each member's answer came from its own model, with its own role prompt.
    for (const call of fixture.callsOf('answer'))
      expect(run.members.find((member) => member.archetype === memberOf(call))?.model).toBe(call.model);
    expect(run.review?.reviews.map((review) => [review.reviewer, review.method, review.ranking])).toEqual([
      ['strategist', 'strict', ['engineer', 'designer']],
      ['engineer', 'strict', ['designer', 'strategist']],
      ['designer', 'strict', ['engineer', 'strategist']],
    ]);
    expect(run.review?.aggregate).toEqual([
      { member: 'engineer', model: 'phi-3.5-mini-instruct', averageRank: 1, votes: 2, firstPlaces: 2 },
      { member: 'designer', model: 'mistral-7b-instruct-v0.3', averageRank: 1.5, votes: 2, firstPlaces: 1 },
      { member: 'strategist', model: 'llama-3.1-8b-instruct', averageRank: 2, votes: 2, firstPlaces: 0 },
    ]);
    expect(run.review?.agreement).toBe(1);
    expect(run.synthesis).toMatchObject({
      chairman: CHAIRMAN,
      why: expect.stringContaining('strongest available'),
    });
    expect(run.final).toEqual({
      text: `Synthesis by ${CHAIRMAN}`,
      source: 'chairman',
      member: 'chairman',
      model: CHAIRMAN,
    });
    expect(text).toBe(`Synthesis by ${CHAIRMAN}`);
    expect(run.totals).toMatchObject({
      models: ['llama-3.1-8b-instruct', 'phi-3.5-mini-instruct', 'mistral-7b-instruct-v0.3', CHAIRMAN],
      calls: 7,
      usage: { inputTokens: 70, outputTokens: 140, totalTokens: 210 },
      costUsd: (7 * (10 * 1 + 20 * 2)) / 1e6,
    });

    // Per-member progress, stage order, and every progress event before the first answer token.
    const events = progress.map((entry) => `${entry.stage}/${entry.data.event}`);
    expect(events.filter((event) => event === 'council:answer/started')).toHaveLength(3);
    expect(events.filter((event) => event === 'council:answer/answered')).toHaveLength(3);
    expect(events.filter((event) => event === 'council:review/ranked')).toHaveLength(3);
    expect(events.indexOf('council:answer/round-complete')).toBeLessThan(
      events.indexOf('council:review/started'),
    );
    expect(events.indexOf('council:review/review-complete')).toBeLessThan(
      events.indexOf('council:synthesis/started'),
    );
    const firstToken = parts.findIndex((part) => part.type === 'text-delta');
    expect(parts.slice(firstToken).some((part) => part.type === 'conclave-progress')).toBe(false);

    // The synthesis prompt carries every answer and the aggregate ranking.
    const [synthesis] = fixture.callsOf('synthesis');
    expect(synthesis?.model).toBe(CHAIRMAN);
    expect(synthesis?.lastUser).toContain('### Engineer\nengineer answer from phi-3.5-mini-instruct');
    expect(synthesis?.lastUser).toContain('1. Engineer — average rank 1 from 2 votes');
  });

  it('records the whole run atomically, with label maps, rankings, calls, preference pairs and a training example', async () => {
    fixture = await createCouncilFixture();
    const { run } = await runToEnd(fixture.context, {
      question: 'Design a habit-tracking app',
      agents: PRODUCT,
      date: '2025-11-07',
      seed: 7,
    });
    const database = fixture.engine.database;
    const stored = createCouncilStore(database).get(run.id);
    expect(stored).toEqual(JSON.parse(JSON.stringify(run)));
    const row = database.prepare('SELECT * FROM council_runs WHERE id = ?').get(run.id) as Record<
      string,
      unknown
    >;
    expect(row).toMatchObject({ status: 'ok', chairman: CHAIRMAN, final_source: 'chairman', agreement: 1 });
    const calls = database
      .prepare('SELECT stage, member, model, status FROM council_calls WHERE run_id = ? ORDER BY position')
      .all(run.id);
    expect(calls.map((call) => `${call.stage}:${call.member}:${call.model}`)).toEqual([
      'answer:strategist:llama-3.1-8b-instruct',
      'answer:engineer:phi-3.5-mini-instruct',
      'answer:designer:mistral-7b-instruct-v0.3',
      'review:strategist:llama-3.1-8b-instruct',
      'review:engineer:phi-3.5-mini-instruct',
      'review:designer:mistral-7b-instruct-v0.3',
      `synthesis:chairman:${CHAIRMAN}`,
    ]);
    const rankings = database
      .prepare('SELECT reviewer, label_map_json, method, ranking_json FROM council_rankings WHERE run_id = ?')
      .all(run.id);
    expect(rankings).toHaveLength(3);
    for (const ranking of rankings) {
      const review = run.review!.reviews.find((entry) => entry.reviewer === ranking.reviewer)!;
      expect(JSON.parse(String(ranking.label_map_json))).toEqual(review.labels);
      expect(JSON.parse(String(ranking.ranking_json))).toEqual(review.ranking);
    }

    // engineer (1.0) > designer (1.5) > strategist (2.0): three pairs, better average chosen.
    const pairs = database
      .prepare(
        'SELECT chosen, rejected, chosen_model, rejected_model, margin, source_id FROM preference_pairs',
      )
      .all();
    expect(pairs).toHaveLength(3);
    expect(run.learning.preferencePairs).toHaveLength(3);
    expect(pairs).toContainEqual({
      chosen: 'engineer answer from phi-3.5-mini-instruct',
      rejected: 'strategist answer from llama-3.1-8b-instruct',
      chosen_model: 'phi-3.5-mini-instruct',
      rejected_model: 'llama-3.1-8b-instruct',
      margin: 1,
      source_id: run.id,
    });
    // Unanimous reviewers: the synthesis is collected as a training example.
    expect(run.learning.example).toMatchObject({ collected: true, quality: 1 });
    const example = database.prepare('SELECT response, source_kind, quality FROM training_examples').get();
    expect(example).toEqual({ response: `Synthesis by ${CHAIRMAN}`, source_kind: 'council', quality: 1 });
    // Member calls also went through the engine's request log, marked as council calls.
    fixture.engine.requestLog.flush();
    const logged = database.prepare("SELECT COUNT(*) AS count FROM requests WHERE kind = 'council'").get();
    expect(logged).toEqual({ count: 7 });
  });

  it('a split review gives a lower-quality synthesis that is not collected', async () => {
    // A rock-paper-scissors review: every member gets one first place, so only half the judges back the winner.
    const taste: Record<string, string[]> = {
      strategist: ['engineer', 'designer'],
      engineer: ['designer', 'strategist'],
      designer: ['strategist', 'engineer'],
    };
    fixture = await createCouncilFixture({
      script: defaultScript({
        review: (call) => {
          const order = taste[memberOf(call)]!.map(
            (member) => [...call.labels].find(([, text]) => text.startsWith(member))![0],
          );
          return `FINAL RANKING:\n${order.map((label, index) => `${index + 1}. Response ${label}`).join('\n')}`;
        },
      }),
    });
    const { run } = await runToEnd(fixture.context, { question: 'q', agents: PRODUCT, date: '2025-11-07' });
    expect(run.review!.aggregate.map((entry) => entry.averageRank)).toEqual([1.5, 1.5, 1.5]);
    expect(run.review!.agreement).toBe(0.5);
    expect(run.learning.example).toEqual({ collected: false, quality: 0.7 });
    expect(fixture.engine.database.prepare('SELECT COUNT(*) AS count FROM training_examples').get()).toEqual({
      count: 0,
    });
    // Equal averages say nothing about which answer is better: no preference pairs.
    expect(run.learning.preferencePairs).toEqual([]);
  });

  it('--chairman and a preset chairman override the default', async () => {
    fixture = await createCouncilFixture({
      config: {
        council: { presets: { duo: { agents: ['engineer', 'designer'], chairman: 'gemma-2-9b-it' } } },
      },
    });
    const preset = await runToEnd(fixture.context, { question: 'q', preset: 'duo', date: '2025-11-07' });
    expect(preset.run.synthesis).toMatchObject({ chairman: 'gemma-2-9b-it', why: 'chosen by preset duo' });
    const requested = await runToEnd(fixture.context, {
      question: 'q',
      preset: 'duo',
      chairman: 'qwen2.5-7b-instruct',
      date: '2025-11-07',
    });
    expect(requested.run.synthesis).toMatchObject({
      chairman: 'qwen2.5-7b-instruct',
      why: 'chosen by request',
    });
    expect(requested.text).toBe('Synthesis by qwen2.5-7b-instruct');
  });

  it('--no-review skips stage 2 and the chairman sees no ranking', async () => {
    fixture = await createCouncilFixture();
    const { run } = await runToEnd(fixture.context, {
      question: 'q',
      agents: PRODUCT,
      review: false,
      date: '2025-11-07',
    });
    expect(run.review).toBeUndefined();
    expect(run.skipped).toEqual([{ stage: 'review', because: expect.stringContaining('--no-review') }]);
    expect(fixture.callsOf('review')).toHaveLength(0);
    expect(fixture.callsOf('synthesis')[0]?.lastUser).toContain('No peer review was held.');
    expect(run.learning).toEqual({ preferencePairs: [] });
  });
});
