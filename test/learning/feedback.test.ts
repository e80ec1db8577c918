import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { ask, createLearningFixture, type LearningFixture } from './helpers/learning-fixture.js';

describe('POST /v1/feedback', () => {
  let fixture: LearningFixture;
  let server: RunningServer;
  const post = (body: unknown, base = server.url) =>
    fetch(`${base}/v1/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const answer = async (text: string) => (await fixture.engine.generate(ask(text, { model: 'alpha' }))).id;

  beforeAll(async () => {
    fixture = await createLearningFixture({
      models: [
        { id: 'alpha', reply: (prompt) => `Answer to: ${JSON.stringify(prompt.at(-1))}`.slice(0, 60) },
      ],
    });
    server = await startServer({ engine: fixture.engine, port: 0 });
  });
  afterAll(async () => {
    await server.close(1_000);
    await fixture.close();
  });

  it('thumbs up on a chat answer stores the feedback and collects the answer', async () => {
    const id = await answer('Explain DNS in one sentence');
    const response = await post({ id, thumbs: true, comment: 'clear and right' });
    expect(response.status).toBe(201);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      object: 'feedback',
      target: { id, kind: 'chat' },
      quality: 1,
      evidence: 'feedback',
      collected: true,
    });
    const row = fixture.engine.database
      .prepare('SELECT thumbs, score, comment FROM feedback WHERE target_id = ?')
      .get(id);
    expect(row).toEqual({ thumbs: 1, score: 1, comment: 'clear and right' });
    const example = fixture.engine.database
      .prepare(
        'SELECT source_kind, task_type, response, feedback_score FROM training_examples WHERE source_id = ?',
      )
      .get(id) as Record<string, unknown>;
    expect(example).toMatchObject({ source_kind: 'chat', feedback_score: 1 });
    expect(String(example.response)).toContain('Answer to');
  });

  it('a rating of 1–5 and a 0..1 score are normalised; a comment alone is kept without a score', async () => {
    const id = await answer('Name a prime number');
    expect((await post({ id, rating: 4 })).status).toBe(201);
    expect((await post({ id, score: 0.5 })).status).toBe(201);
    expect((await post({ id, comment: 'ok' })).status).toBe(201);
    const scores = fixture.engine.database
      .prepare('SELECT score FROM feedback WHERE target_id = ? ORDER BY id')
      .all(id)
      .map((row) => (row as { score: number | null }).score);
    expect(scores).toEqual([0.75, 0.5, null]);
  });

  it('unknown ids are a 404 in the OpenAI error shape, naming the id', async () => {
    const response = await post({ id: 'chatcmpl-does-not-exist', thumbs: true });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { message: string; code: string; param: string } };
    expect(body.error.message).toMatch(/No recorded request or run has the id "chatcmpl-does-not-exist"/);
    expect(body.error).toMatchObject({ code: 'not_found', param: 'id' });
    expect(
      fixture.engine.database
        .prepare('SELECT COUNT(*) AS n FROM feedback WHERE target_id = ?')
        .get('chatcmpl-does-not-exist'),
    ).toEqual({ n: 0 });
  });

  it.each([
    ['no id', { thumbs: true }, /id/],
    ['nothing to say', { id: 'x' }, /at least one of thumbs, score, rating, comment or demonstration/],
    ['score out of range', { id: 'x', score: 2 }, /score/],
    ['rating not 1–5', { id: 'x', rating: 9 }, /rating/],
    ['unknown field', { id: 'x', thumbs: true, stars: 5 }, /stars/],
    ['empty demonstration', { id: 'x', demonstration: '   ' }, /demonstration/],
  ])('bad input (%s) is a 400 that names the problem', async (_name, body, message) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
  });

  it('malformed JSON is a 400', async () => {
    const response = await post('{"id": ');
    expect(response.status).toBe(400);
  });

  it('a demonstration becomes a training example and a preference pair over the original answer', async () => {
    const id = await answer('What is the capital of Australia?');
    const response = await post({ id, thumbs: false, demonstration: 'Canberra.' });
    const body = (await response.json()) as {
      quality: number;
      collected: boolean;
      demonstration: Record<string, string>;
    };
    expect(body.quality).toBe(0);
    expect(body.collected).toBe(false);
    const example = fixture.engine.database
      .prepare(
        'SELECT source_kind, response, quality, messages_json, models_json FROM training_examples WHERE id = ?',
      )
      .get(body.demonstration.example_id!) as Record<string, string | number>;
    expect(example).toMatchObject({
      source_kind: 'feedback',
      response: 'Canberra.',
      quality: 1,
      models_json: '["human"]',
    });
    expect(JSON.parse(String(example.messages_json))).toEqual([
      { role: 'user', content: 'What is the capital of Australia?' },
    ]);
    const pair = fixture.engine.database
      .prepare('SELECT chosen, rejected, chosen_model, rejected_model FROM preference_pairs WHERE id = ?')
      .get(body.demonstration.preference_pair_id!) as Record<string, string>;
    expect(pair).toMatchObject({ chosen: 'Canberra.', chosen_model: 'human', rejected_model: 'alpha' });
    expect(pair.rejected).toContain('Answer to');
  });

  it('negative feedback after positive feedback pulls a collected answer back below the threshold', async () => {
    const id = await answer('Is 91 prime?');
    expect(((await (await post({ id, thumbs: true })).json()) as { collected: boolean }).collected).toBe(
      true,
    );
    const after = (await (await post({ id, thumbs: false })).json()) as {
      quality: number;
      collected: boolean;
    };
    // Mean feedback 0.5: a rating, not a bonus; the answer is kept but no longer counts.
    expect(after.quality).toBe(0.55);
    expect(after.collected).toBe(false);
    const rows = fixture.engine.database
      .prepare('SELECT quality FROM training_examples WHERE source_id = ?')
      .all(id);
    expect(rows).toEqual([{ quality: 0.55 }]);
  });

  it('feedback works on orchestration runs found in any *_runs table (schema discovered at call time)', async () => {
    const { database } = fixture.engine;
    database.exec(`CREATE TABLE IF NOT EXISTS scratch_runs (id TEXT PRIMARY KEY, question TEXT, final_answer TEXT, status TEXT);
      CREATE TABLE IF NOT EXISTS bare_runs (id TEXT PRIMARY KEY, created_at INTEGER);`);
    database
      .prepare('INSERT INTO scratch_runs VALUES (?, ?, ?, ?)')
      .run('run-1', 'Plan a 3-day trip to Rome', 'Day 1: …', 'completed');
    database.prepare('INSERT INTO bare_runs VALUES (?, ?)').run('run-2', 1);
    const onRun = (await (
      await post({ id: 'run-1', rating: 5, demonstration: 'Day 1: Colosseum…' })
    ).json()) as {
      target: { kind: string };
      demonstration: { example_id: string };
    };
    expect(onRun.target.kind).toBe('scratch');
    expect(onRun.demonstration.example_id).toBeTruthy();
    const bare = (await (await post({ id: 'run-2', demonstration: 'better answer' })).json()) as {
      target: { kind: string };
      demonstration: { note: string; example_id: null };
    };
    expect(bare.target.kind).toBe('bare');
    expect(bare.demonstration.example_id).toBeNull();
    expect(bare.demonstration.note).toMatch(/no prompt was recorded/);
  });

  it('feedback on a run whose example another module collected updates that example (agreement + feedback bonus)', async () => {
    const { database } = fixture.engine;
    database.exec(
      'CREATE TABLE IF NOT EXISTS scratch_runs (id TEXT PRIMARY KEY, question TEXT, final_answer TEXT, status TEXT)',
    );
    database.prepare('INSERT INTO scratch_runs VALUES (?, ?, ?, ?)').run('run-3', 'Q', 'A', 'completed');
    const collected = fixture.engine.orchestration.training.collect({
      sourceKind: 'ensemble',
      sourceId: 'run-3',
      taskType: 'analysis',
      messages: [{ role: 'user', content: 'Q' }],
      response: 'A',
      models: ['m1', 'm2'],
      base: 0.65,
      modelsAgreed: true,
    });
    expect(collected.quality).toBe(0.75);
    const body = (await (await post({ id: 'run-3', thumbs: true })).json()) as {
      quality: number;
      example_ids: string[];
      evidence: string;
    };
    expect(body).toMatchObject({ quality: 0.85, evidence: 'agreement', example_ids: [collected.id] });
  });

  it('loses no write under many parallel POSTs, across two gateways on the same store', async () => {
    const second = await createLearningFixture({ models: [], storeFile: fixture.storeFile });
    const otherServer = await startServer({ engine: second.engine, port: 0 });
    try {
      const id = await answer('Summarise the plot of Hamlet');
      const scores = Array.from({ length: 60 }, (_, index) => (index % 4) / 4);
      const responses = await Promise.all(
        scores.map((score, index) =>
          post({ id, score, comment: `c${index}` }, index % 2 === 0 ? server.url : otherServer.url),
        ),
      );
      expect(responses.map((response) => response.status)).toEqual(scores.map(() => 201));
      const rows = fixture.engine.database
        .prepare('SELECT comment FROM feedback WHERE target_id = ?')
        .all(id) as { comment: string }[];
      expect(new Set(rows.map((row) => row.comment)).size).toBe(60);
      const quality = fixture.engine.database
        .prepare('SELECT feedback, feedback_count FROM answer_quality WHERE target_id = ?')
        .get(id) as { feedback: number; feedback_count: number };
      expect(quality.feedback_count).toBe(60);
      expect(quality.feedback).toBeCloseTo(scores.reduce((sum, score) => sum + score, 0) / 60, 10);
    } finally {
      await otherServer.close(1_000);
      await second.engine.close();
    }
  });
});
