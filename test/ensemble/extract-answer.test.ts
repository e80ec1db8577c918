import { describe, expect, it } from 'vitest';
import { detectAnswerFormat } from '../../src/orchestration/ensemble/answer-format.js';
import type { AnswerFormat } from '../../src/orchestration/ensemble/ensemble-types.js';
import { extractAnswer } from '../../src/orchestration/ensemble/extract-answer.js';
import {
  parseConfidence,
  parsePairwiseVerdict,
  parseRubricScore,
} from '../../src/orchestration/ensemble/parse-verdict.js';
import { lexicalSimilarity } from '../../src/orchestration/ensemble/text-similarity.js';

const FEW_SHOT =
  'Q1?\nA) one\nB) two\nAnswer:\nB\n\nWhich one is a fruit?\nA) Carrot\nB) Apple\nC) Potato\nD) Leek\nPrint only a single choice.\nAnswer:';
const CHOICE = detectAnswerFormat(FEW_SHOT) as Extract<AnswerFormat, { kind: 'choice' }>;
const value = (text: string, format: AnswerFormat) => extractAnswer(text, format)?.value;

describe('answer format detection', () => {
  it('reads the last option block of a few-shot prompt', () => {
    expect(CHOICE).toEqual({
      kind: 'choice',
      labels: ['A', 'B', 'C', 'D'],
      options: { A: 'Carrot', B: 'Apple', C: 'Potato', D: 'Leek' },
    });
  });

  it('tells booleans, numbers, short facts and free text apart', () => {
    expect(detectAnswerFormat('Is the Earth round?').kind).toBe('boolean');
    expect(detectAnswerFormat('True or false: cats are mammals.').kind).toBe('boolean');
    expect(detectAnswerFormat('What is 2+2?').kind).toBe('number');
    expect(detectAnswerFormat('How many legs does a spider have?').kind).toBe('number');
    expect(detectAnswerFormat('Who wrote Hamlet?').kind).toBe('short');
    expect(detectAnswerFormat('Explain quantum computing').kind).toBe('free');
    expect(detectAnswerFormat('Why is the sky blue?').kind).toBe('free');
    expect(detectAnswerFormat('What is 2+2?', 'code').kind).toBe('free');
  });

  it('does not mistake a list far above the question for options', () => {
    const text =
      'Context:\nA) first point\nB) second point\n\nNow, with all that in mind,\nplease write\na long essay\nabout it\nand more\nExplain.';
    expect(detectAnswerFormat(text).kind).toBe('free');
  });
});

describe('closed-form extraction', () => {
  it.each([
    ['B', 'B'],
    ['B\n', 'B'],
    ['(b)', 'B'],
    ['B) Apple', 'B'],
    ['B. Apple is a fruit', 'B'],
    ['The answer is (B).', 'B'],
    ['**Answer: B**', 'B'],
    ['I would choose option B because apples are fruit.', 'B'],
    ['Apple', 'B'],
    ['The correct one is apple.', 'B'],
  ])('choice %j → %s', (text, expected) => {
    expect(value(text, CHOICE)).toBe(expected);
  });

  it.each([
    ['E', undefined],
    ['I do not know', undefined],
    ['A fruit is sweet; carrot and apple both grow', undefined],
    ['', undefined],
  ])('choice %j has no clear answer', (text, expected) => {
    expect(value(text, CHOICE)).toBe(expected);
  });

  it.each([
    ['4', '4'],
    ['2 + 2 = 4', '4'],
    ['The answer is 4.0.', '4'],
    ['It costs $1,000 in total.', '1000'],
    ['#### 72', '72'],
    ['The answer is 3/4', '0.75'],
    ['-12', '-12'],
    ['four', '4'],
    ['50%', '50'],
    ['I cannot compute that', undefined],
  ])('number %j → %s', (text, expected) => {
    expect(value(text, { kind: 'number' })).toBe(expected);
  });

  it.each([
    ['Yes.', 'true'],
    ['no', 'false'],
    ['True', 'true'],
    ['Incorrect, because…', 'false'],
    ['The answer is yes', 'true'],
    ['It is not round.', 'false'],
    ['Maybe', undefined],
  ])('boolean %j → %s', (text, expected) => {
    expect(value(text, { kind: 'boolean' })).toBe(expected);
  });

  it.each([
    ['Paris', 'paris'],
    ['The answer is: Paris.', 'paris'],
    ['"The Beatles"', 'beatles'],
    ['William Shakespeare wrote it.', 'william shakespeare wrote it'],
    ['This is a very long answer that goes on and on about many different things', undefined],
  ])('short %j → %s', (text, expected) => {
    expect(value(text, { kind: 'short' })).toBe(expected);
  });

  it('free text has no closed-form value', () => {
    expect(extractAnswer('anything', { kind: 'free' })).toBeUndefined();
  });
});

describe('judge verdicts and similarity', () => {
  it('parses verdicts, and refuses garbage', () => {
    expect(parsePairwiseVerdict('Both fine.\nVERDICT: 2')).toBe(2);
    expect(parsePairwiseVerdict('**VERDICT: tie**')).toBe('tie');
    expect(parsePairwiseVerdict('1')).toBe(1);
    expect(parsePairwiseVerdict('VERDICT: 1 … actually VERDICT: 2')).toBeUndefined();
    expect(parsePairwiseVerdict('Answer 1 is better than answer 2')).toBeUndefined();
    expect(parseRubricScore('SCORE: 10')).toBe(1);
    expect(parseRubricScore('SCORE: 7/10')).toBeCloseTo(6 / 9);
    expect(parseRubricScore('SCORE: 42')).toBeUndefined();
    expect(parseRubricScore('great answer')).toBeUndefined();
    expect(parseConfidence('CONFIDENCE: 0.85')).toBe(0.85);
    expect(parseConfidence('CONFIDENCE: 85%')).toBe(0.85);
    expect(parseConfidence('Yes')).toBe(1);
    expect(parseConfidence('probably')).toBeUndefined();
  });

  it('lexical similarity: same answer in other words scores high, a different answer low', () => {
    const same = lexicalSimilarity('Paris is the capital of France.', 'The capital of France is Paris');
    const different = lexicalSimilarity('Paris is the capital of France.', 'Berlin is in Germany.');
    expect(same).toBeGreaterThan(0.5);
    expect(different).toBeLessThan(0.2);
    expect(lexicalSimilarity('', '')).toBe(1);
  });
});
