import type { AnswerFormat } from './ensemble-types.js';

// A member is never treated as infallible or as always wrong: one vote must not outweigh every other vote forever.
const MIN_RELIABILITY = 0.02;
const MAX_RELIABILITY = 0.98;
/** Open answers (numbers, short strings) have many possible wrong values; wrong members rarely coincide. */
const OPEN_ANSWER_ALTERNATIVES = 10;

export function clampReliability(reliability: number): number {
  return Math.min(MAX_RELIABILITY, Math.max(MIN_RELIABILITY, reliability));
}

/** How many answers a question of this form admits (for the chance of two wrong members coinciding). */
export function alternativesOf(format: AnswerFormat): number {
  if (format.kind === 'choice') return format.labels.length;
  if (format.kind === 'boolean') return 2;
  return OPEN_ANSWER_ALTERNATIVES;
}

export interface Vote {
  value: string;
  reliability: number;
}

/**
 * The probability that each voted value is right, treating members as independent voters that are right with
 * their reliability and otherwise pick one of the other `alternatives` answers uniformly (Dawid–Skene with a
 * symmetric confusion). Values nobody voted for share the rest. Reliable members count for more, members worse
 * than chance count against the value they vote for.
 */
export function votePosterior(votes: Vote[], alternatives: number): Map<string, number> {
  const others = Math.max(1, alternatives - 1);
  const values = [...new Set(votes.map((vote) => vote.value))];
  const logLikelihood = (value: string | undefined) =>
    votes.reduce((sum, vote) => {
      const reliability = clampReliability(vote.reliability);
      return sum + Math.log(vote.value === value ? reliability : (1 - reliability) / others);
    }, 0);
  const scores = values.map((value) => logLikelihood(value));
  const unvoted = Math.max(alternatives - values.length, values.length === 0 ? 1 : 0);
  const unvotedScore = logLikelihood(undefined);
  const top = Math.max(...scores, unvoted > 0 ? unvotedScore : Number.NEGATIVE_INFINITY);
  const mass = scores.map((score) => Math.exp(score - top));
  const total = mass.reduce((sum, value) => sum + value, 0) + unvoted * Math.exp(unvotedScore - top);
  return new Map(values.map((value, index) => [value, mass[index]! / total]));
}

/** Share of the voters' summed reliability behind one value ("weighted agreement"). */
export function weightedAgreement(votes: Vote[], value: string): number {
  const total = votes.reduce((sum, vote) => sum + vote.reliability, 0);
  if (total === 0) return 0;
  return (
    votes.filter((vote) => vote.value === value).reduce((sum, vote) => sum + vote.reliability, 0) / total
  );
}
