import type { AnswerFormat, Candidate, MemberReply } from './ensemble-types.js';
import { alternativesOf, votePosterior, weightedAgreement } from './reliability.js';
import type { Similarity } from './text-similarity.js';

export interface GroupingOptions {
  format: AnswerFormat;
  reliabilityOf: (model: string) => number;
  similarity: Similarity;
  /** Free-text answers at least this similar are one answer. */
  sameAnswer: number;
}

export interface Tally {
  /** Best first: most reliability behind it, then more members, then the single most reliable member. */
  candidates: Candidate[];
  /** Probability that the top candidate is right (closed forms), else its weighted agreement. */
  confidence: number;
  agreement: number;
  /** Members that answered but gave no answer of the expected form (they do not vote). */
  abstained: string[];
  /** The top two candidates carry the same weight. */
  tie: boolean;
}

/**
 * Groups member answers into candidate answers: closed forms by normalised value, free text by similarity to a
 * group's members (average-link). When no member gave a closed-form answer, texts are grouped as free text so a
 * question mis-detected as closed-form still gets an answer.
 */
export function tallyAnswers(replies: MemberReply[], options: GroupingOptions): Tally {
  const answered = replies.filter((reply) => reply.ok && reply.text.trim() !== '');
  const closed = options.format.kind !== 'free' && answered.some((reply) => reply.answer);
  const voters = closed ? answered.filter((reply) => reply.answer) : answered;
  const abstained = answered.filter((reply) => !voters.includes(reply)).map((reply) => reply.model);
  const groups: MemberReply[][] = [];
  for (const reply of voters) {
    const group = closed
      ? groups.find((members) => members[0]!.answer!.value === reply.answer!.value)
      : groups.find(
          (members) =>
            members.reduce((sum, member) => sum + options.similarity(member.text, reply.text), 0) /
              members.length >=
            options.sameAnswer,
        );
    if (group) group.push(reply);
    else groups.push([reply]);
  }
  const candidates = groups.map((members, index) => toCandidate(members, index, closed, options));
  candidates.sort(
    (left, right) =>
      right.weight - left.weight ||
      right.models.length - left.models.length ||
      bestReliability(right, options) - bestReliability(left, options),
  );
  const votes = candidates.flatMap((candidate) =>
    candidate.models.map((model) => ({ value: candidate.value!, reliability: options.reliabilityOf(model) })),
  );
  const top = candidates[0];
  const agreement = top ? weightedAgreement(votes, top.value!) : 0;
  const confidence =
    top && closed ? (votePosterior(votes, alternativesOf(options.format)).get(top.value!) ?? 0) : agreement;
  const second = candidates[1];
  return {
    candidates: closed ? candidates : candidates.map((candidate) => ({ ...candidate, value: undefined })),
    confidence,
    agreement,
    abstained,
    tie: second !== undefined && top !== undefined && Math.abs(second.weight - top.weight) < 1e-9,
  };
}

function toCandidate(
  members: MemberReply[],
  index: number,
  closed: boolean,
  options: GroupingOptions,
): Candidate {
  const representative = [...members].sort(
    (left, right) => options.reliabilityOf(right.model) - options.reliabilityOf(left.model),
  )[0]!;
  return {
    answer: representative.text.trim(),
    value: closed ? representative.answer!.value : `answer-${index + 1}`,
    models: members.map((member) => member.model),
    weight: members.reduce((sum, member) => sum + options.reliabilityOf(member.model), 0),
    representative,
  };
}

function bestReliability(candidate: Candidate, options: GroupingOptions): number {
  return Math.max(...candidate.models.map((model) => options.reliabilityOf(model)));
}
