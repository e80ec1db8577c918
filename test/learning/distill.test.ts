import { afterEach, describe, expect, it } from 'vitest';
import type { ChatRequest, ChatResult } from '../../src/core/chat-request.js';
import { parseTasks } from '../../src/learning/distill/read-tasks.js';
import { type DistillProgress, runDistillation } from '../../src/learning/distill/run-distillation.js';
import { qualityFromRun } from '../../src/learning/distill/run-quality.js';
import type { LearningEngine } from '../../src/learning/learning-dependencies.js';
import { createLearningFixture, type LearningFixture } from './helpers/learning-fixture.js';
import { lastUserText } from './helpers/scripted-teacher.js';

const TEACHER = 'ensemble/best-of-n';
const TASKS = parseTasks(
  [
    '# six tasks',
    'Explain recursion',
    'Write a haiku about rain',
    '',
    'What is 17 * 23?',
    '{"prompt": "Fix this code:\\nprint(1", "task_type": "code"}',
    'Compare TCP and UDP',
    'Name three prime numbers',
  ].join('\n'),
);
const never = new Promise<never>(() => undefined);

/**
 * The distiller talks to `generate({ model: 'ensemble/<strategy>' })`. Here a scripted model registered under
 * that id stands in for the ensemble, reached through the orchestration context's generate (the plain chat
 * path), so the test does not depend on the ensemble's internals.
 */
function teacherEngine(
  fixture: LearningFixture,
  wrap?: (request: ChatRequest, generate: () => Promise<ChatResult>) => Promise<ChatResult>,
): LearningEngine {
  const { engine } = fixture;
  return {
    database: engine.database,
    config: engine.config,
    profile: engine.profile,
    requestLog: engine.requestLog,
    generate: (request) =>
      wrap
        ? wrap(request, () => engine.orchestration.generate(request))
        : engine.orchestration.generate(request),
  };
}

const options = (extra: Partial<Parameters<typeof runDistillation>[1]> = {}) => ({
  name: 'tasks.txt:ensemble/best-of-n',
  model: TEACHER,
  strategy: 'ensemble',
  members: [],
  tasks: TASKS,
  ...extra,
});

describe('distillation', () => {
  let fixture: LearningFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });
  const start = async (
    reply?: (prompt: string, call: number) => string | Promise<string> | { fail: string },
  ) => {
    fixture = await createLearningFixture({
      models: [
        {
          id: TEACHER,
          reply: (prompt, call) =>
            reply ? reply(lastUserText(prompt), call) : `Teacher answer: ${lastUserText(prompt)}`,
        },
      ],
    });
    return fixture;
  };

  it('reads tasks: plain lines and JSON lines; comments, blanks and repeats skipped', () => {
    expect(TASKS.map((task) => task.prompt)).toEqual([
      'Explain recursion',
      'Write a haiku about rain',
      'What is 17 * 23?',
      'Fix this code:\nprint(1',
      'Compare TCP and UDP',
      'Name three prime numbers',
    ]);
    expect(TASKS[3]!.taskType).toBe('code');
    expect(parseTasks('a\na\n b ')).toHaveLength(2);
    expect(() => parseTasks('{"prompt": ', 'tasks.txt')).toThrow(/tasks.txt:1: not valid JSON/);
    expect(() => parseTasks('{"system": "x"}', 'tasks.txt')).toThrow(/tasks.txt:1: needs a "prompt"/);
  });

  it('runs every task through the teacher, stores each answer as an example, reports cost as it goes', async () => {
    const { engine } = await start();
    const progress: DistillProgress[] = [];
    const result = await runDistillation(
      teacherEngine(fixture!),
      options({ onProgress: (update) => progress.push({ ...update }) }),
    );
    expect(result).toMatchObject({ total: 6, done: 6, failed: 0, collected: 6, skipped: 0, resumed: false });
    expect(fixture!.calls(TEACHER)).toBe(6);
    expect(result.costUsd).toBeCloseTo(6 * 5e-5, 12);
    expect(progress.map((update) => update.done)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(progress.map((update) => update.costUsd)).toEqual(
      [...progress.map((update) => update.costUsd)].sort((a, b) => a - b),
    );
    const examples = engine.database
      .prepare(
        "SELECT task_type, response, quality, evidence, models_json FROM training_examples WHERE source_kind = 'distill' ORDER BY response",
      )
      .all() as Record<string, unknown>[];
    expect(examples).toHaveLength(6);
    expect(
      examples.every(
        (example) =>
          example.quality === 0.8 &&
          example.evidence === 'distill' &&
          example.models_json === `["${TEACHER}"]`,
      ),
    ).toBe(true);
    expect(examples.find((example) => String(example.response).includes('Fix this code'))?.task_type).toBe(
      'code',
    );
    // A second run finds nothing left to do and pays for nothing.
    const again = await runDistillation(teacherEngine(fixture!), options());
    expect(again).toMatchObject({ done: 6, skipped: 6, resumed: true });
    expect(fixture!.calls(TEACHER)).toBe(6);
  });

  it('killed after an answer was recorded: resume recovers it from the request log — no task paid for twice', async () => {
    await start();
    let asked = 0;
    // Run 1 dies right after the third answer reached the log, before the distiller stored it.
    void runDistillation(
      teacherEngine(fixture!, async (_request, generate) => {
        asked += 1;
        if (asked < 3) return generate();
        await generate();
        return never;
      }),
      options(),
    );
    await waitFor(() => fixture!.calls(TEACHER) === 3);
    await new Promise((resolve) => setImmediate(resolve));
    const result = await runDistillation(teacherEngine(fixture!), options());
    expect(result).toMatchObject({ done: 6, skipped: 2, resumed: true });
    expect(fixture!.calls(TEACHER)).toBe(6);
    const states = fixture!.engine.database
      .prepare('SELECT status, attempts FROM distill_tasks ORDER BY position')
      .all();
    expect(states).toEqual([1, 1, 2, 1, 1, 1].map((attempts) => ({ status: 'done', attempts })));
    expect(result.costUsd).toBeCloseTo(6 * 5e-5, 12);
  });

  it('killed while a call was in flight: only that task is asked again', async () => {
    await start((prompt, call) => (call === 3 ? never : `Teacher answer: ${prompt}`));
    void runDistillation(teacherEngine(fixture!), options());
    await waitFor(() => fixture!.calls(TEACHER) === 3);
    const result = await runDistillation(teacherEngine(fixture!), options());
    expect(result).toMatchObject({ done: 6, skipped: 2 });
    // 6 tasks, 7 calls: the third task's first call never answered (the process died with it in flight).
    expect(fixture!.calls(TEACHER)).toBe(7);
  });

  it('a failing task is recorded and retried on the next run; the others are not asked again', async () => {
    let flaky = true;
    await start((prompt) =>
      prompt.includes('haiku') && flaky ? { fail: 'upstream exploded' } : `Teacher answer: ${prompt}`,
    );
    const first = await runDistillation(teacherEngine(fixture!), options());
    expect(first).toMatchObject({ done: 5, failed: 1 });
    expect(first.last).toBeDefined();
    flaky = false;
    const second = await runDistillation(teacherEngine(fixture!), options());
    expect(second).toMatchObject({ done: 6, failed: 0, skipped: 5 });
    expect(fixture!.calls(TEACHER)).toBe(7);
  });

  it('stops at once on errors that would fail every task (unknown teacher)', async () => {
    await start();
    await expect(
      runDistillation(teacherEngine(fixture!), options({ name: 'other', model: 'ensemble/nope' })),
    ).rejects.toThrow(/Unknown model "ensemble\/nope"/);
    const states = fixture!.engine.database
      .prepare(
        "SELECT status FROM distill_tasks t JOIN distill_jobs j ON j.id = t.job_id WHERE j.name = 'other'",
      )
      .all();
    expect(states.every((state) => (state as { status: string }).status === 'pending')).toBe(true);
  });

  it('stops cleanly between tasks when asked (Ctrl-C), and resumes later', async () => {
    await start();
    let stop = false;
    const first = await runDistillation(
      teacherEngine(fixture!),
      options({
        shouldStop: () => stop,
        onProgress: (update) => {
          if (update.done === 2) stop = true;
        },
      }),
    );
    expect(first).toMatchObject({ done: 2 });
    const second = await runDistillation(teacherEngine(fixture!), options());
    expect(second).toMatchObject({ done: 6, skipped: 2 });
    expect(fixture!.calls(TEACHER)).toBe(6);
  });

  it('reads quality signals a run reports, defensively', () => {
    expect(qualityFromRun({ agreement: 0.9, members: [{ model: 'a' }, { model: 'b' }] })).toEqual({
      base: 0.9,
      modelsAgreed: true,
      models: ['a', 'b'],
    });
    expect(qualityFromRun({ confidence: 0.5, consensus: false })).toEqual({
      base: 0.5,
      modelsAgreed: false,
      models: [],
    });
    expect(qualityFromRun({ agreement: 7 })).toEqual({ models: [] });
    expect(qualityFromRun(undefined)).toEqual({ models: [] });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
