import { describe, expect, it } from 'vitest';
import { aggregateRankings, rankingAgreement } from '../../src/orchestration/council/aggregate-rankings.js';
import type { CouncilReview } from '../../src/orchestration/council/council-run.js';

const review = (reviewer: string, ranking: string[]): CouncilReview =>
  ({
    reviewer,
    ranking,
    rankingLabels: [],
    labels: {},
    method: 'strict',
    model: 'm',
  }) as unknown as CouncilReview;

const members = ['a', 'b', 'c', 'd'].map((archetype) => ({ archetype, model: `${archetype}-model` }));

describe('aggregateRankings', () => {
  it('averages positions over the reviewers that ranked each member and counts votes', () => {
    const aggregate = aggregateRankings(members, [
      review('a', ['b', 'c', 'd']),
      review('b', ['c', 'a', 'd']),
      review('c', ['b', 'a']),
      review('d', []),
    ]);
    expect(aggregate).toEqual([
      { member: 'b', model: 'b-model', averageRank: 1, votes: 2, firstPlaces: 2 },
      { member: 'c', model: 'c-model', averageRank: 1.5, votes: 2, firstPlaces: 1 },
      { member: 'a', model: 'a-model', averageRank: 2, votes: 2, firstPlaces: 0 },
      { member: 'd', model: 'd-model', averageRank: 3, votes: 2, firstPlaces: 0 },
    ]);
    // Judges of the winner b: a (b first), c (b first), d (no ranking, not counted) → unanimous.
    expect(rankingAgreement(aggregate, [review('a', ['b']), review('c', ['b']), review('d', [])])).toBe(1);
  });

  it('breaks ties on average rank by votes, and puts members nobody ranked last', () => {
    const tied = aggregateRankings(members, [
      review('a', ['d', 'c']),
      review('b', ['a', 'd']),
      review('c', ['b', 'a', 'd']),
    ]);
    expect(tied.map((entry) => [entry.member, entry.averageRank, entry.votes])).toEqual([
      ['b', 1, 1],
      ['a', 1.5, 2],
      ['d', 2, 3],
      ['c', 2, 1],
    ]);
    const partial = aggregateRankings(members, [review('a', ['c'])]);
    expect(partial.map((entry) => [entry.member, entry.averageRank, entry.votes])).toEqual([
      ['c', 1, 1],
      ['a', null, 0],
      ['b', null, 0],
      ['d', null, 0],
    ]);
    expect(rankingAgreement(aggregateRankings(members, []), [])).toBeUndefined();
  });
});
