import type { AggregateEntry, CouncilReview } from './council-run.js';

/**
 * Combines the reviewers' rankings: each member's mean position (1 = best) over the reviewers that ranked it,
 * and how many did. Best average first; more votes break ties (a rank backed by more reviewers is surer), then
 * first places, then the member order. Unparsed reviews do not count.
 */
export function aggregateRankings(
  members: readonly { archetype: string; model: string }[],
  reviews: readonly CouncilReview[],
): AggregateEntry[] {
  const entries = members.map((member, order) => {
    const positions = reviews.flatMap((review) => {
      const index = review.ranking.indexOf(member.archetype);
      return index < 0 ? [] : [index + 1];
    });
    const total = positions.reduce((sum, position) => sum + position, 0);
    return {
      order,
      entry: {
        member: member.archetype,
        model: member.model,
        averageRank: positions.length ? Math.round((total / positions.length) * 1000) / 1000 : null,
        votes: positions.length,
        firstPlaces: positions.filter((position) => position === 1).length,
      } satisfies AggregateEntry,
    };
  });
  entries.sort(
    (left, right) =>
      (left.entry.averageRank ?? Number.POSITIVE_INFINITY) -
        (right.entry.averageRank ?? Number.POSITIVE_INFINITY) ||
      right.entry.votes - left.entry.votes ||
      right.entry.firstPlaces - left.entry.firstPlaces ||
      left.order - right.order,
  );
  return entries.map(({ entry }) => entry);
}

/**
 * How much the reviewers agree: the share of reviewers who could rank the winner (everyone but the winner
 * itself) and put it first. Undefined when no such reviewer produced a ranking.
 */
export function rankingAgreement(
  aggregate: readonly AggregateEntry[],
  reviews: readonly CouncilReview[],
): number | undefined {
  const winner = aggregate[0];
  if (!winner || winner.averageRank === null) return undefined;
  const judges = reviews.filter((review) => review.reviewer !== winner.member && review.ranking.length > 0);
  if (judges.length === 0) return undefined;
  const agreeing = judges.filter((review) => review.ranking[0] === winner.member).length;
  return Math.round((agreeing / judges.length) * 1000) / 1000;
}
