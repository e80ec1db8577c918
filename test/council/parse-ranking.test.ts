import { describe, expect, it } from 'vitest';
import { parseRanking } from '../../src/orchestration/council/parse-ranking.js';

const ABC = ['A', 'B', 'C'];

describe('parseRanking', () => {
  it('reads the strict format after the last FINAL RANKING header', () => {
    const text =
      'Response A is thin. FINAL RANKING: was mentioned above.\n\nFINAL RANKING:\n1. Response C\n2. Response A\n3. Response B\n';
    expect(parseRanking(text, ABC)).toEqual({ method: 'strict', labels: ['C', 'A', 'B'] });
  });

  it.each([
    ['a label missing', 'FINAL RANKING:\n1. Response C\n2. Response A'],
    ['a label twice', 'FINAL RANKING:\n1. Response C\n2. Response C\n3. Response A'],
    ['numbers out of order', 'FINAL RANKING:\n2. Response C\n1. Response A\n3. Response B'],
    ['extra words', 'FINAL RANKING:\n1. Response C (best)\n2. Response A\n3. Response B'],
    ['text after the list', 'FINAL RANKING:\n1. Response C\n2. Response A\n3. Response B\nThanks!'],
  ])('is not strict with %s, and falls back tolerantly', (_case, text) => {
    const parsed = parseRanking(text, ABC);
    expect(parsed.method).toBe('fallback');
    expect(parsed.labels[0]).toBe('C');
  });

  it('tolerates prose, bold and arrows after a ranking header', () => {
    expect(parseRanking('My ranking: **Response B** > Response C > Response A', ABC)).toEqual({
      method: 'fallback',
      labels: ['B', 'C', 'A'],
    });
    expect(parseRanking('Final ranking:\n1) B\n2) A - weaker\n3) C.', ABC)).toEqual({
      method: 'fallback',
      labels: ['B', 'A', 'C'],
    });
  });

  it('without a header, reads numbered lines — not the order answers were discussed in', () => {
    const text =
      'Response A is vague. Response B is good. Response C is best.\n\n1. Response C\n2. Response B\n3. Response A';
    expect(parseRanking(text, ABC)).toEqual({ method: 'fallback', labels: ['C', 'B', 'A'] });
  });

  it('ignores labels the reviewer was not shown and articles that look like labels', () => {
    expect(parseRanking('FINAL RANKING:\n1. Response D\n2. Response B', ABC)).toEqual({
      method: 'fallback',
      labels: ['B'],
    });
    expect(parseRanking('1. A good point overall\n2. I liked it', ABC)).toEqual({
      method: 'unparsed',
      labels: [],
    });
  });

  it('is unparsed when no valid label can be found', () => {
    expect(parseRanking('They are all great.', ABC)).toEqual({ method: 'unparsed', labels: [] });
    expect(parseRanking('FINAL RANKING:\n(none)', ABC)).toEqual({ method: 'unparsed', labels: [] });
  });
});
