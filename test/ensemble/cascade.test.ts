import { afterEach, describe, expect, it } from 'vitest';
import { answers, createEnsembleFixture, type EnsembleFixture } from './ensemble-fixture.js';

const QUESTION = 'Which planet is largest?\nA) Mars\nB) Jupiter\nC) Venus\nD) Earth\nAnswer:';
const CHEAP = ['llama-3.2-3b-instruct', 'mistral-7b-instruct-v0.3'];
const STRONG = 'llama-3.3-70b-instruct';

describe('cascade strategy: escalation decisions', () => {
  let fixture: EnsembleFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  const cascade = (script: Parameters<typeof answers>[0], extra: Record<string, unknown> = {}) =>
    createEnsembleFixture({
      script: answers(script, (call) =>
        call.kind === 'verify' ? String(extra.verdict ?? 'CONFIDENCE: 0.9') : 'x',
      ),
    }).then((created) => {
      fixture = created;
      return created.run({ question: QUESTION, strategy: 'cascade', members: [...CHEAP, STRONG], ...extra });
    });

  it('orders members cheapest first and stops when the cheap stage agrees', async () => {
    const run = await cascade({
      'llama-3.2-3b-instruct': 'B',
      'mistral-7b-instruct-v0.3': 'B) Jupiter',
      [STRONG]: 'B',
    });
    expect(run.stoppedAt).toMatchObject({ stage: 1, stages: 2, asked: CHEAP });
    expect(run.stoppedAt?.reason).toMatch(/^agreement \d+% ≥ 80%$/);
    expect(fixture!.received.map((call) => call.model)).not.toContain(STRONG);
    expect(run.extracted?.value).toBe('B');
    expect(run.modelsUsed).toEqual(CHEAP);
  });

  it('escalates to the stronger model when the cheap stage disagrees', async () => {
    const run = await cascade({
      'llama-3.2-3b-instruct': 'A',
      'mistral-7b-instruct-v0.3': 'B',
      [STRONG]: 'B',
    });
    expect(run.stoppedAt?.stage).toBe(2);
    expect(run.stoppedAt?.asked).toEqual([...CHEAP, STRONG]);
    expect(run.extracted?.value).toBe('B');
    expect(run.members.find((member) => member.model === STRONG)?.stage).toBe(2);
  });

  it('escalates when a cheap member fails, and reports where it stopped when nothing is left', async () => {
    const run = await cascade(
      { 'llama-3.2-3b-instruct': { fail: 'down' }, 'mistral-7b-instruct-v0.3': 'C', [STRONG]: 'A' },
      { threshold: 0.99 },
    );
    expect(run.stoppedAt?.stage).toBe(2);
    expect(run.stoppedAt?.reason).toContain('no stronger model left');
    expect(run.extracted?.value).toBe('A');
  });

  it('self-verify: a confident grade stops at the first model; a garbage grade escalates', async () => {
    const confident = await cascade(
      { 'llama-3.2-3b-instruct': 'B', 'mistral-7b-instruct-v0.3': 'B', [STRONG]: 'B' },
      { cascade: { check: 'self-verify', firstStage: 1 }, verdict: 'CONFIDENCE: 0.95' },
    );
    expect(confident.stoppedAt?.stage).toBe(1);
    expect(confident.members.map((member) => member.role)).toEqual(['member', 'verifier']);
    await fixture!.close();
    fixture = undefined;
    const garbage = await cascade(
      { 'llama-3.2-3b-instruct': 'B', 'mistral-7b-instruct-v0.3': 'B', [STRONG]: 'B' },
      { cascade: { check: 'self-verify', firstStage: 1 }, verdict: 'hmm, hard to say' },
    );
    expect(garbage.stoppedAt?.stage).toBe(3);
    expect(garbage.warnings.join(' ')).toContain('gave no usable confidence');
  });

  it('chooses the strongest plus the cheapest capable models when none are named', async () => {
    fixture = await createEnsembleFixture({ script: () => 'B' });
    const run = await fixture.run({ question: QUESTION, strategy: 'cascade', numModels: 3 });
    // Capable = at least the median reliability (0.65): qwen (0.65, $0.3) and llama-3.1-8b (0.7, $0.5).
    expect(run.plan.map((member) => member.model)).toEqual([
      'llama-3.3-70b-instruct',
      'qwen2.5-7b-instruct',
      'llama-3.1-8b-instruct',
    ]);
    expect(run.stoppedAt?.asked).toEqual(['qwen2.5-7b-instruct', 'llama-3.1-8b-instruct']);
  });
});
