import { afterEach, describe, expect, it } from 'vitest';
import { answers, createEnsembleFixture, type EnsembleFixture } from './ensemble-fixture.js';

const THREE = ['llama-3.3-70b-instruct', 'llama-3.1-8b-instruct', 'qwen2.5-7b-instruct'];

describe('consensus strategy', () => {
  let fixture: EnsembleFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  it('answers when every member agrees (numbers written differently are the same answer)', async () => {
    fixture = await createEnsembleFixture({
      script: answers({
        'llama-3.3-70b-instruct': '2 + 2 = 4',
        'llama-3.1-8b-instruct': 'The answer is 4.0',
        'qwen2.5-7b-instruct': 'four',
      }),
    });
    const run = await fixture.run({ question: 'What is 2+2?', strategy: 'consensus', members: THREE });
    expect(run.status).toBe('ok');
    expect(run.extracted).toEqual({ kind: 'number', value: '4' });
    expect(run.confidence).toBe(1);
    expect(run.modelsAgreed).toBe(true);
    expect(run.learning.collected).toBe(true);
    expect(
      fixture.count("SELECT COUNT(*) AS count FROM training_examples WHERE source_kind = 'ensemble'"),
    ).toBe(1);
  });

  it('withholds the answer on disagreement and reports agreement and every candidate', async () => {
    fixture = await createEnsembleFixture({
      script: answers({
        'llama-3.3-70b-instruct': '4',
        'llama-3.1-8b-instruct': '4',
        'qwen2.5-7b-instruct': '5',
      }),
    });
    const run = await fixture.run({ question: 'What is 2+2?', strategy: 'consensus', members: THREE });
    expect(run.status).toBe('no-consensus');
    expect(run.answer).toMatch(/^No consensus: the members agree 7\d%, below the 100% required\./);
    expect(run.disagreement?.threshold).toBe(1);
    expect(run.disagreement?.candidates).toEqual([
      { answer: '4', models: ['llama-3.3-70b-instruct', 'llama-3.1-8b-instruct'], weight: 1.6 },
      { answer: '5', models: ['qwen2.5-7b-instruct'], weight: 0.65 },
    ]);
    expect(run.learning.collected).toBe(false);
    expect(fixture.count('SELECT COUNT(*) AS count FROM training_examples')).toBe(0);
    expect(fixture.count("SELECT COUNT(*) AS count FROM ensemble_runs WHERE status = 'no-consensus'")).toBe(
      1,
    );
  });

  it('passes a configurable threshold below full agreement', async () => {
    fixture = await createEnsembleFixture({
      script: answers({
        'llama-3.3-70b-instruct': '4',
        'llama-3.1-8b-instruct': '4',
        'qwen2.5-7b-instruct': '5',
      }),
    });
    const run = await fixture.run({
      question: 'What is 2+2?',
      strategy: 'consensus',
      members: THREE,
      threshold: 0.67,
    });
    expect(run.status).toBe('ok');
    expect(run.extracted?.value).toBe('4');
    expect(run.confidence).toBeCloseTo(1.6 / 2.25, 2);
  });

  it('reports total disagreement: three members, three answers', async () => {
    fixture = await createEnsembleFixture({
      script: answers({
        'llama-3.3-70b-instruct': 'Canberra',
        'llama-3.1-8b-instruct': 'Sydney',
        'qwen2.5-7b-instruct': 'Melbourne',
      }),
      config: { ensemble: { weights: Object.fromEntries(THREE.map((model) => [model, 0.7])) } },
    });
    const run = await fixture.run({
      question: 'What is the capital of Australia?',
      strategy: 'consensus',
      members: THREE,
      threshold: 0.5,
    });
    expect(run.format).toBe('short');
    expect(run.status).toBe('no-consensus');
    expect(run.agreement).toBeCloseTo(1 / 3, 3);
    expect(run.disagreement?.candidates.map((candidate) => candidate.answer)).toEqual([
      'canberra',
      'sydney',
      'melbourne',
    ]);
  });

  it('a failed member does not vote and is reported', async () => {
    fixture = await createEnsembleFixture({
      script: answers({
        'llama-3.3-70b-instruct': '4',
        'llama-3.1-8b-instruct': { fail: 'model crashed' },
        'qwen2.5-7b-instruct': '4',
      }),
    });
    const run = await fixture.run({ question: 'What is 2+2?', strategy: 'consensus', members: THREE });
    expect(run.status).toBe('ok');
    expect(run.extracted?.value).toBe('4');
    expect(run.warnings).toContain('llama-3.1-8b-instruct failed and did not vote.');
    expect(run.members.find((member) => member.model === 'llama-3.1-8b-instruct')).toMatchObject({
      ok: false,
      costUsd: 0,
      error: { message: expect.stringContaining('model crashed') },
    });
  });

  it('groups free-text answers by provider embeddings when configured (and counts their cost)', async () => {
    fixture = await createEnsembleFixture({
      script: answers({
        'llama-3.3-70b-instruct': 'Cats make wonderful companions.',
        'llama-3.1-8b-instruct': 'Felines are great pets to live with.',
        'qwen2.5-7b-instruct': 'Stock markets fluctuate daily.',
      }),
      config: { ensemble: { similarity: { method: 'embedding' } } },
    });
    const topic = (text: string) => (/cat|feline/i.test(text) ? [1, 0] : [0, 1]);
    const embedded: string[][] = [];
    const run = await fixture.run({
      question: 'Tell me something nice.',
      strategy: 'consensus',
      members: THREE,
      threshold: 0.6,
      embed: async (texts) => {
        embedded.push(texts);
        return { embeddings: texts.map(topic), costUsd: 0.001 };
      },
    });
    expect(embedded).toHaveLength(1);
    expect(run.status).toBe('ok');
    expect(run.candidates.map((candidate) => candidate.models.length)).toEqual([2, 1]);
    expect(run.totals.costUsd).toBeCloseTo(
      run.members.reduce((sum, member) => sum + member.costUsd, 0) + 0.001,
      9,
    );
  });

  it('embedding similarity without an embedding model is a config error before any call', async () => {
    fixture = await createEnsembleFixture({
      script: () => 'never',
      config: { ensemble: { similarity: { method: 'embedding' } } },
    });
    const error = await fixture
      .run({ strategy: 'consensus', members: THREE })
      .catch((caught: unknown) => caught);
    expect((error as Error).message).toBe(
      'ensemble.similarity.method is "embedding" but no embedding model is available.',
    );
    expect(fixture.received).toHaveLength(0);
  });
});
