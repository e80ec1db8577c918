import { afterEach, describe, expect, it } from 'vitest';
import { answers, createEnsembleFixture, type EnsembleFixture } from './ensemble-fixture.js';

const QUESTION = 'Which gas do plants absorb?\nA) Oxygen\nB) Carbon dioxide\nC) Nitrogen\nD) Helium\nAnswer:';

describe('weighted strategy (scripted members)', () => {
  let fixture: EnsembleFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  it('decides a multiple-choice question by reliability-weighted vote and records every member', async () => {
    fixture = await createEnsembleFixture({
      script: answers({
        'llama-3.3-70b-instruct': 'The answer is (B).',
        'llama-3.1-8b-instruct': 'B) Carbon dioxide',
        'qwen2.5-7b-instruct': 'C',
      }),
    });
    const run = await fixture.run({ question: QUESTION, strategy: 'weighted', numModels: 3 });
    expect(run.status).toBe('ok');
    expect(run.format).toBe('choice');
    expect(run.extracted).toEqual({ kind: 'choice', value: 'B' });
    expect(run.answer).toBe('The answer is (B).');
    expect(run.winner).toBe('llama-3.3-70b-instruct');
    expect(run.modelsUsed.sort()).toEqual([
      'llama-3.1-8b-instruct',
      'llama-3.3-70b-instruct',
      'qwen2.5-7b-instruct',
    ]);
    expect(run.confidence).toBeGreaterThan(0.8);
    expect(run.confidence).toBeLessThan(1);
    expect(run.modelsAgreed).toBe(true);
    const dissenter = run.members.find((member) => member.model === 'qwen2.5-7b-instruct')!;
    expect(dissenter).toMatchObject({
      ok: true,
      answer: 'C',
      extracted: { value: 'C' },
      agreedWithFinal: false,
    });
    for (const member of run.members) {
      expect(member.latencyMs).toBeGreaterThanOrEqual(0);
      expect(member.usage).toMatchObject({ inputTokens: 10, outputTokens: 20 });
      expect(member.costUsd).toBeGreaterThan(0);
      expect(member.requestId).toMatch(/^chatcmpl-/);
    }
    expect(run.totals.costUsd).toBeCloseTo(
      run.members.reduce((sum, member) => sum + member.costUsd, 0),
      12,
    );
    expect(fixture.count('SELECT COUNT(*) AS count FROM ensemble_runs WHERE id = ?', run.id)).toBe(1);
    expect(fixture.count('SELECT COUNT(*) AS count FROM ensemble_calls WHERE run_id = ?', run.id)).toBe(3);
    fixture.engine.requestLog.flush?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fixture.count("SELECT COUNT(*) AS count FROM requests WHERE kind = 'ensemble'")).toBe(3);
  });

  it('lets one reliable member outvote two members that are worse than chance', async () => {
    fixture = await createEnsembleFixture({
      script: answers({
        'llama-3.3-70b-instruct': 'A',
        'llama-3.2-3b-instruct': 'D',
        'mistral-7b-instruct-v0.3': 'D',
      }),
      config: {
        ensemble: {
          weights: {
            'llama-3.3-70b-instruct': 0.95,
            'llama-3.2-3b-instruct': 0.2,
            'mistral-7b-instruct-v0.3': 0.2,
          },
        },
      },
    });
    const run = await fixture.run({
      question: QUESTION,
      strategy: 'weighted',
      members: ['llama-3.3-70b-instruct', 'llama-3.2-3b-instruct', 'mistral-7b-instruct-v0.3'],
    });
    expect(run.extracted?.value).toBe('A');
    expect(run.winner).toBe('llama-3.3-70b-instruct');
    expect(run.plan.map((member) => member.source)).toEqual(['config', 'config', 'config']);
  });

  it('breaks a tie deterministically and says so', async () => {
    fixture = await createEnsembleFixture({
      script: answers({ 'llama-3.1-8b-instruct': 'Yes.', 'qwen2.5-7b-instruct': 'No, it is not.' }),
      config: { ensemble: { weights: { 'llama-3.1-8b-instruct': 0.7, 'qwen2.5-7b-instruct': 0.7 } } },
    });
    const run = await fixture.run({
      question: 'Is the Pacific larger than the Atlantic?',
      strategy: 'weighted',
      members: ['qwen2.5-7b-instruct', 'llama-3.1-8b-instruct'],
    });
    expect(run.format).toBe('boolean');
    expect(run.confidence).toBeCloseTo(0.5, 5);
    expect(run.warnings.join(' ')).toMatch(/^Tie between qwen2\.5-7b-instruct and llama-3\.1-8b-instruct/);
    expect(run.extracted).toEqual({ kind: 'boolean', value: 'false' });
    expect(run.modelsAgreed).toBe(false);
  });

  it('fuses free-text answers with an aggregator that sees each reliability', async () => {
    fixture = await createEnsembleFixture({
      script: answers(
        {
          'llama-3.3-70b-instruct': 'Qubits use superposition and entanglement.',
          'llama-3.1-8b-instruct': 'Quantum computers use qubits.',
          'qwen2.5-7b-instruct': 'It is about quantum physics for computing.',
        },
        (call) => (call.kind === 'fusion' ? 'Fused: qubits, superposition and entanglement.' : 'unexpected'),
      ),
    });
    const run = await fixture.run({
      question: 'Explain quantum computing in two sentences.',
      strategy: 'weighted',
    });
    expect(run.format).toBe('free');
    expect(run.source).toBe('aggregator');
    expect(run.answer).toBe('Fused: qubits, superposition and entanglement.');
    const [fusion] = fixture.calls('fusion');
    expect(fusion?.model).toBe('llama-3.3-70b-instruct');
    expect(fusion?.lastUser).toContain('[Answer 1 — reliability 0.90]');
    expect(run.members.at(-1)).toMatchObject({ role: 'aggregator', ok: true });
  });

  it('falls back to the best-supported member answer when the aggregator fails', async () => {
    fixture = await createEnsembleFixture({
      script: answers(
        {
          'llama-3.3-70b-instruct': 'Paris is the capital of France and its largest city.',
          'llama-3.1-8b-instruct': 'Paris is the capital of France.',
          'qwen2.5-7b-instruct': 'Lyon.',
        },
        () => ({ fail: 'aggregator overloaded' }),
      ),
    });
    const run = await fixture.run({ question: 'Tell me about the capital of France.', strategy: 'weighted' });
    expect(run.answer).toBe('Paris is the capital of France and its largest city.');
    expect(run.warnings.join(' ')).toContain('Aggregator llama-3.3-70b-instruct failed');
    expect(run.members.find((member) => member.role === 'aggregator')).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('aggregator overloaded') },
    });
  });
});
