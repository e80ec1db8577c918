import { afterEach, describe, expect, it } from 'vitest';
import { findFeedbackTarget } from '../../src/learning/feedback/find-target.js';
import { createEnsemble } from '../../src/orchestration/ensemble/ensemble.js';
import { answers, createEnsembleFixture, type EnsembleFixture } from './ensemble-fixture.js';

const THREE = ['llama-3.3-70b-instruct', 'llama-3.1-8b-instruct', 'qwen2.5-7b-instruct'];

describe('learning hook and learned member weights', () => {
  let fixture: EnsembleFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  it('the library call takes the brief’s arguments and saves a confident answer as a training example', async () => {
    fixture = await createEnsembleFixture({ script: () => 'The answer is 4.' });
    const ensemble = createEnsemble(fixture.engine.orchestration);
    const run = await ensemble({
      messages: [
        { role: 'system', content: 'Answer briefly.' },
        { role: 'user', content: 'What is 2+2?' },
      ],
      strategy: 'weighted',
      numModels: 3,
      taskType: 'reasoning',
    });
    expect(run.taskType).toBe('deep');
    expect(run.modelsUsed).toHaveLength(3);
    expect(run.learning).toMatchObject({ collected: true });
    const example = fixture.engine.database
      .prepare(
        'SELECT source_kind, source_id, task_type, quality, models_agreed, messages_json, response FROM training_examples',
      )
      .get() as Record<string, unknown>;
    expect(example).toMatchObject({
      source_kind: 'ensemble',
      source_id: run.id,
      task_type: 'deep',
      models_agreed: 1,
      response: 'The answer is 4.',
    });
    expect(example.quality).toBe(run.learning.quality);
    expect(JSON.parse(String(example.messages_json))).toEqual([
      { role: 'system', content: 'Answer briefly.' },
      { role: 'user', content: 'What is 2+2?' },
    ]);
  });

  it('an answer below the quality threshold is not collected; --no-collect collects nothing', async () => {
    fixture = await createEnsembleFixture({
      script: answers({
        'llama-3.3-70b-instruct': '4',
        'llama-3.1-8b-instruct': '5',
        'qwen2.5-7b-instruct': '6',
      }),
    });
    const split = await fixture.run({ strategy: 'weighted', members: THREE });
    expect(split.learning.collected).toBe(false);
    expect(split.learning.quality).toBeLessThanOrEqual(0.7);
    const unanimous = await createEnsembleFixture({ script: () => '4' });
    try {
      const skipped = await unanimous.run({ strategy: 'weighted', members: THREE, collect: false });
      expect(skipped.learning.collected).toBe(false);
      expect(unanimous.count('SELECT COUNT(*) AS count FROM training_examples')).toBe(0);
    } finally {
      await unanimous.close();
    }
  });

  it('learns member reliability from confident runs, and a thumbs-down flips the lesson', async () => {
    fixture = await createEnsembleFixture({
      script: answers({
        'llama-3.3-70b-instruct': '4',
        'llama-3.1-8b-instruct': '4',
        'qwen2.5-7b-instruct': '7',
      }),
    });
    const first = await fixture.run({ strategy: 'weighted', members: THREE, taskType: 'math' });
    expect(first.plan.every((member) => member.source === 'catalog')).toBe(true);
    for (let index = 0; index < 3; index += 1)
      await fixture.run({ strategy: 'weighted', members: THREE, taskType: 'math' });
    const later = await fixture.run({ strategy: 'weighted', members: THREE, taskType: 'math' });
    const reliability = Object.fromEntries(later.plan.map((member) => [member.model, member]));
    expect(reliability['qwen2.5-7b-instruct']).toMatchObject({ source: 'learned' });
    // Prior 0.65 worth 10 answers, then 4 answers that disagreed with a confident majority.
    expect(reliability['qwen2.5-7b-instruct']!.reliability).toBeCloseTo((0.65 * 10) / 14, 5);
    expect(reliability['llama-3.1-8b-instruct']!.reliability).toBeCloseTo((0.7 * 10 + 4) / 14, 5);
    fixture.engine.database
      .prepare(
        "INSERT INTO feedback (target_id, target_kind, created_at, thumbs) VALUES (?, 'ensemble', ?, 0)",
      )
      .run(first.id, Date.now());
    const rated = await fixture.run({ strategy: 'weighted', members: THREE, taskType: 'math' });
    const qwen = rated.plan.find((member) => member.model === 'qwen2.5-7b-instruct')!;
    // The rated run now counts qwen's dissent as right; the other four confident runs still count it as wrong.
    expect(qwen.reliability).toBeCloseTo((0.65 * 10 + 1) / 15, 5);
  });

  it('a run can be found by its id for feedback (prompt, answer, task type)', async () => {
    fixture = await createEnsembleFixture({ script: () => 'Paris' });
    const run = await fixture.run({
      question: 'What is the capital of France?',
      strategy: 'consensus',
      members: THREE,
    });
    expect(findFeedbackTarget(fixture.engine.database, run.id)).toMatchObject({
      id: run.id,
      kind: 'ensemble',
      table: 'ensemble_runs',
      messages: [{ role: 'user', content: 'What is the capital of France?' }],
      response: 'Paris',
      taskType: run.taskType,
      ok: true,
    });
  });
});
