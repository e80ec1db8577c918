import { describe, expect, it } from 'vitest';
import type { JudgeFunction, JudgeRequest } from '../../src/learning/evaluation/graders/grade-types.js';
import { grade } from './grade-helpers.js';

const only = async (graders: unknown[], text: string, options: Parameters<typeof grade>[2] = {}) =>
  (await grade(graders, text, options)).grades[0]!;

describe('text graders', () => {
  it('exact: normalises whitespace, wrapping quotes, bold, a trailing period and case', async () => {
    expect((await only([{ type: 'exact', expected: 'positive' }], '  **"Positive."** ')).score).toBe(1);
    expect((await only([{ type: 'exact', expected: 'positive' }], 'positive, mostly')).score).toBe(0);
    expect((await only([{ type: 'exact', expected: 'Yes', caseSensitive: true }], 'yes')).score).toBe(0);
  });

  it('regex: matches, flags, and negated patterns', async () => {
    expect((await only([{ type: 'regex', pattern: '^\\d{3}$' }], '404')).score).toBe(1);
    expect((await only([{ type: 'regex', pattern: 'french', flags: 'i' }], 'French')).score).toBe(1);
    const negated = await only(
      [{ type: 'regex', pattern: 'revolutionary', negate: true }],
      'A revolutionary router',
    );
    expect(negated.score).toBe(0);
    expect(negated.detail).toContain('must not match');
  });

  it('contains: partial credit in all mode, any mode, case', async () => {
    const partial = await only(
      [{ type: 'contains', values: ['privacy', 'cost', 'latency', 'consent'] }],
      'Privacy and cost.',
    );
    expect(partial.score).toBe(0.5);
    expect(partial.detail).toBe('missing "latency", "consent"');
    expect((await only([{ type: 'contains', values: ['x', 'cost'], mode: 'any' }], 'the cost')).score).toBe(
      1,
    );
    expect(
      (await only([{ type: 'contains', values: ['Cost'], caseSensitive: true }], 'the cost')).score,
    ).toBe(0);
  });

  it('numeric: last number by default, a capture pattern, separators, absolute and relative tolerance', async () => {
    expect((await only([{ type: 'numeric', expected: 18 }], 'She sells 9 eggs at $2, so $18.')).score).toBe(
      1,
    );
    expect((await only([{ type: 'numeric', expected: 1512 }], 'Answer: 1,512')).score).toBe(1);
    expect(
      (await only([{ type: 'numeric', expected: 0.00228, relativeTolerance: 0.001 }], 'Answer: 0.002281'))
        .score,
    ).toBe(1);
    expect((await only([{ type: 'numeric', expected: 5, tolerance: 0.01 }], 'Answer: 5.2')).score).toBe(0);
    const pattern = { type: 'numeric', expected: 4, pattern: 'Answer:[^\\d-]*(-?[\\d.,]+)' };
    expect((await only([pattern], 'x = 4 and y = 2\nAnswer: x = 4')).score).toBe(1);
    expect((await only([pattern], 'Answer: 2 (y), x is 4')).score).toBe(0);
    expect((await only([{ type: 'numeric', expected: 1 }], 'no digits here')).detail).toMatch(
      /no number found/,
    );
  });

  it('json-schema: finds JSON in fences or prose and reports violations with their paths', async () => {
    const schema = {
      type: 'object',
      required: ['label', 'score'],
      additionalProperties: false,
      properties: { label: { enum: ['pos', 'neg'] }, score: { type: 'number', minimum: 0, maximum: 1 } },
    };
    const grader = { type: 'json-schema', schema };
    expect((await only([grader], '```json\n{"label": "pos", "score": 0.9}\n```')).score).toBe(1);
    expect((await only([grader], 'Here it is: {"label": "neg", "score": 0} — done.')).score).toBe(1);
    const bad = await only([grader], '{"label": "meh", "score": 2, "extra": true}');
    expect(bad.score).toBe(0);
    expect(bad.detail).toMatch(/label: .*; score: .*<=1/);
    expect((await only([grader], 'not json at all')).detail).toMatch(/no valid JSON/);
  });

  it('tool-call: right tool with a subset of the arguments', async () => {
    const grader = { type: 'tool-call', name: 'provider_status', arguments: { provider: 'groq' } };
    const task = { tools: [{ name: 'provider_status', parameters: {} }] };
    const call = (name: string, args: unknown) => ({ toolCalls: [{ name, arguments: args }], task });
    expect(
      (await only([grader], '', call('provider_status', { provider: 'groq', verbose: true }))).score,
    ).toBe(1);
    expect((await only([grader], '', call('provider_status', { provider: 'openai' }))).detail).toMatch(
      /provider = "openai" \(expected "groq"\)/,
    );
    expect((await only([grader], '', call('list_models', {}))).detail).toBe(
      'called list_models instead of provider_status',
    );
    expect((await only([grader], 'I think it is fine.', { task })).detail).toBe(
      'no tool call (expected provider_status)',
    );
  });

  it('weights combine grader scores into the task quality', async () => {
    const graded = await grade(
      [
        { type: 'contains', values: ['a'], weight: 3 },
        { type: 'contains', values: ['zzz'] },
      ],
      'a',
    );
    expect(graded.quality).toBe(0.75);
  });
});

/** A judge that reads the grading prompt and replies like a scripted model would. */
function judgeReplying(
  reply: (request: JudgeRequest) => string,
  costUsd = 0.001,
): JudgeFunction & { requests: JudgeRequest[] } {
  const requests: JudgeRequest[] = [];
  const judge = async (request: JudgeRequest) => {
    requests.push(request);
    return { text: reply(request), model: request.model, costUsd };
  };
  return Object.assign(judge, { requests });
}

describe('LLM judge graders', () => {
  it('judge: scores 1..scale against the rubric, mapped to 0..1, with the judge cost', async () => {
    const judge = judgeReplying(() => 'Sure. {"score": 8, "reason": "clear and accurate"}');
    const result = await only([{ type: 'judge', rubric: 'Be accurate.', model: 'judge-x' }], 'An answer.', {
      judge,
    });
    expect(result.score).toBeCloseTo(7 / 9);
    expect(result.detail).toBe('judge-x scored 8/10: clear and accurate');
    expect(result.costUsd).toBe(0.001);
    expect(judge.requests[0]!.prompt).toContain('## Rubric\nBe accurate.');
    expect(judge.requests[0]!.prompt).toContain('<answer>\nAn answer.\n</answer>');
  });

  it('judge: an unreadable verdict is a grading failure, not a zero for the model', async () => {
    const judge = judgeReplying(() => 'I would rather not say.');
    await expect(grade([{ type: 'judge', rubric: 'r' }], 'answer', { judge })).rejects.toThrow(
      /gave no score between 1 and 10/,
    );
  });

  it('pairwise: asks twice with positions swapped; a consistent judge decides the grade', async () => {
    // A fair judge: prefers whichever position holds the better answer ("GOOD").
    const fair = judgeReplying(({ prompt }) => {
      const first = prompt.split('## Answer B')[0]!;
      return first.includes('GOOD') ? '{"winner": "A"}' : '{"winner": "B"}';
    });
    const won = await only([{ type: 'pairwise', rubric: 'r', reference: 'plain reference' }], 'GOOD answer', {
      judge: fair,
    });
    expect(fair.requests).toHaveLength(2);
    expect(fair.requests[0]!.prompt).toMatch(/## Answer A\n<answer-a>\nGOOD answer/);
    expect(fair.requests[1]!.prompt).toMatch(/## Answer A\n<answer-a>\nplain reference/);
    expect(won.score).toBe(1);
    expect(won.detail).toContain('win against the reference in both orders');
    expect(won.costUsd).toBeCloseTo(0.002);
  });

  it('pairwise: a judge that always prefers the first position cannot decide the grade (0.5)', async () => {
    const biased = judgeReplying(() => '{"winner": "A", "reason": "first is better"}');
    const result = await only([{ type: 'pairwise', rubric: 'r', reference: 'ref' }], 'candidate', {
      judge: biased,
    });
    expect(result.score).toBe(0.5);
    expect(result.detail).toContain('position bias');
  });

  it('pairwise: ties count half', async () => {
    const tie = judgeReplying(() => 'winner: tie');
    expect(
      (await only([{ type: 'pairwise', rubric: 'r', reference: 'ref' }], 'c', { judge: tie })).score,
    ).toBe(0.5);
  });
});
