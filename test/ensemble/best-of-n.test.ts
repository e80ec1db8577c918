import { afterEach, describe, expect, it } from 'vitest';
import { answers, createEnsembleFixture, type EnsembleFixture } from './ensemble-fixture.js';
import type { ReceivedCall } from './scripted-models.js';

const QUESTION = 'Explain why the sky is blue.';
const MEMBER_ANSWERS = {
  'llama-3.1-8b-instruct': 'Rayleigh scattering: short blue wavelengths scatter most in air.',
  'qwen2.5-7b-instruct': 'Because the ocean reflects onto it.',
  'mistral-7b-instruct-v0.3': 'The sky is blue since blue light is scattered by molecules.',
};
const MEMBERS = Object.keys(MEMBER_ANSWERS);
const JUDGE = 'llama-3.3-70b-instruct';

/** A judge that knows the right answer mentions scattering; `always` forces a fixed verdict (position bias). */
function judge(call: ReceivedCall, always?: string): string {
  if (always) return always;
  const good = (text: string) => (/scatter/.test(text) ? (/Rayleigh/.test(text) ? 2 : 1) : 0);
  if (call.kind === 'rubric') return `SCORE: ${3 + 3 * good(call.lastUser.split('[Answer]')[1] ?? '')}`;
  const [first, second] = call.shown!;
  const difference = good(first) - good(second);
  return `Reasoning…\nVERDICT: ${difference > 0 ? 1 : difference < 0 ? 2 : 'tie'}`;
}

describe('best-of-n strategy', () => {
  let fixture: EnsembleFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  it('judges every pair in both orders and picks the judge’s winner; preferences become pairs', async () => {
    fixture = await createEnsembleFixture({ script: answers(MEMBER_ANSWERS, (call) => judge(call)) });
    const run = await fixture.run({
      question: QUESTION,
      strategy: 'best-of-n',
      members: MEMBERS,
      judge: JUDGE,
    });
    const pairwise = fixture.calls('pairwise');
    expect(pairwise).toHaveLength(6);
    expect(pairwise.every((call) => call.model === JUDGE)).toBe(true);
    const orders = new Set(pairwise.map((call) => call.shown!.join(' | ')));
    for (const call of pairwise) expect(orders.has([...call.shown!].reverse().join(' | '))).toBe(true);
    expect(run.source).toBe('judge');
    expect(run.winner).toBe('llama-3.1-8b-instruct');
    expect(run.answer).toBe(MEMBER_ANSWERS['llama-3.1-8b-instruct']);
    expect(run.judgment?.method).toBe('pairwise');
    expect(run.judgment?.scores.find((score) => score.model === 'llama-3.1-8b-instruct')?.score).toBe(1);
    expect(run.confidence).toBe(1);
    expect(run.learning.preferencePairs).toHaveLength(2);
    expect(
      fixture.count(
        "SELECT COUNT(*) AS count FROM preference_pairs WHERE source_kind = 'ensemble' AND chosen_model = 'llama-3.1-8b-instruct'",
      ),
    ).toBe(2);
    expect(run.members.filter((member) => member.role === 'judge')).toHaveLength(6);
  });

  it('cancels a judge that always prefers the first position: every answer scores ½, support decides', async () => {
    fixture = await createEnsembleFixture({
      script: answers(MEMBER_ANSWERS, (call) => judge(call, 'VERDICT: 1')),
    });
    const run = await fixture.run({
      question: QUESTION,
      strategy: 'best-of-n',
      members: MEMBERS,
      judge: JUDGE,
    });
    expect(run.judgment?.scores.map((score) => score.score)).toEqual([0.5, 0.5, 0.5]);
    expect(run.winner).toBe('llama-3.1-8b-instruct'); // the most reliable member's answer
    expect(run.learning.preferencePairs).toHaveLength(0);
  });

  it('falls back to agreement when the judge returns garbage, and says so', async () => {
    fixture = await createEnsembleFixture({
      script: answers(MEMBER_ANSWERS, () => 'I think both are great answers!!! 🙂'),
    });
    const run = await fixture.run({
      question: QUESTION,
      strategy: 'best-of-n',
      members: MEMBERS,
      judge: JUDGE,
    });
    expect(run.judgment?.method).toBe('agreement');
    expect(run.judgment?.unusable).toBe(6);
    expect(run.judgment?.fellBack).toContain('gave no usable verdict');
    expect(run.warnings.join(' ')).toContain('Judge:');
    expect(run.source).toBe('vote');
    expect(run.learning.preferencePairs).toHaveLength(0);
    expect(run.status).toBe('ok');
  });

  it('scores pointwise with a rubric', async () => {
    fixture = await createEnsembleFixture({ script: answers(MEMBER_ANSWERS, (call) => judge(call)) });
    const run = await fixture.run({
      question: QUESTION,
      strategy: 'best-of-n',
      members: MEMBERS,
      judge: JUDGE,
      judgeMode: 'rubric',
    });
    expect(fixture.calls('rubric')).toHaveLength(3);
    expect(fixture.calls('pairwise')).toHaveLength(0);
    expect(run.winner).toBe('llama-3.1-8b-instruct');
    expect(run.confidence).toBeCloseTo(8 / 9, 3);
  });

  it('needs no judge when the members agree on one closed-form answer', async () => {
    fixture = await createEnsembleFixture({
      script: answers({
        'llama-3.1-8b-instruct': 'Yes',
        'qwen2.5-7b-instruct': 'yes.',
        'mistral-7b-instruct-v0.3': 'True',
      }),
    });
    const run = await fixture.run({
      question: 'Is water wet?',
      strategy: 'best-of-n',
      members: MEMBERS,
      judge: JUDGE,
    });
    expect(fixture.calls('pairwise')).toHaveLength(0);
    expect(run.extracted).toEqual({ kind: 'boolean', value: 'true' });
    expect(run.modelsAgreed).toBe(true);
  });
});
