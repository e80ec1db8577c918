import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config-schema.js';
import { formatLearningStats, learningStats } from '../../src/learning/stats/learning-stats.js';
import { createTrainingStore } from '../../src/learning/training-store.js';
import { openDatabase } from '../../src/store/open-database.js';

const learning = (input: Record<string, unknown> = {}) => configSchema.parse({ learning: input }).learning;

function seeded() {
  const database = openDatabase(':memory:');
  const training = createTrainingStore(database);
  const add = (
    taskType: string,
    base: number,
    extra: { modelsAgreed?: boolean; feedback?: number; n?: number } = {},
  ) => {
    for (let index = 0; index < (extra.n ?? 1); index += 1)
      training.collect({
        sourceKind: 'ensemble',
        sourceId: `${taskType}-${base}-${index}`,
        taskType,
        messages: [{ role: 'user', content: `${taskType} question ${index} ${base}` }],
        response: `answer ${index}`,
        models: ['a', 'b'],
        base,
        modelsAgreed: extra.modelsAgreed,
        feedback: extra.feedback,
      });
  };
  add('reasoning', 0.95, { n: 3 });
  add('code', 0.85, { n: 2, modelsAgreed: true });
  add('creative', 0.75, { feedback: 1 });
  add('general', 0.6); // not collected: 0.6
  add('general', 0.72);
  return database;
}

describe('learning-stats', () => {
  it('counts collected examples, high quality, feedback, readiness and the task distribution', () => {
    const stats = learningStats(seeded(), learning({ readyForFineTuning: 5 }));
    expect(stats).toMatchObject({
      totalExamples: 7,
      highQuality: 6,
      readyForFineTuning: true,
      readyThreshold: 5,
      averageQuality: 0.9,
      examplesWithFeedback: 1,
      preferencePairs: 0,
      excluded: 0,
      byTask: [
        { taskType: 'reasoning', count: 3 },
        { taskType: 'code', count: 2 },
        { taskType: 'creative', count: 1 },
        { taskType: 'general', count: 1 },
      ],
      qualityBands: { excellent: 5, good: 1, fair: 1 },
    });
  });

  it("prints the brief's layout, and says how many more examples are needed", () => {
    const text = formatLearningStats(learningStats(seeded(), learning()));
    expect(text).toContain('📚 Continuous Learning Statistics');
    expect(text).toContain('  Total Examples: 7');
    expect(text).toContain('  High Quality (>0.8): 6');
    expect(text).toContain('  Ready for Fine-tuning: ❌ No — 93 more needed (7/100)');
    expect(text).toContain('  Average Quality: 0.90');
    expect(text).toContain('  Examples with Feedback: 1');
    expect(text).toMatch(
      /📊 Task Distribution:\n {2}reasoning: 3 examples\n {2}code: 2 examples\n {2}creative: 1 example\n {2}general: 1 example/,
    );
  });

  it('an empty store reports zeros and how to start collecting', () => {
    const stats = learningStats(openDatabase(':memory:'), learning());
    expect(stats).toMatchObject({ totalExamples: 0, averageQuality: 0, readyForFineTuning: false });
    expect(formatLearningStats(stats)).toContain('no examples yet');
  });
});
