import type { ChatStreamPart } from '../../core/chat-request.js';
import { shuffleWith as shuffle } from '../../core/sampling.js';
import type { OrchestrationContext } from '../orchestration-context.js';
import { aggregateRankings, rankingAgreement } from './aggregate-rankings.js';
import { type CallSettings, callMember } from './call-member.js';
import { progress } from './council-progress.js';
import { type PromptContext, reviewPrompt } from './council-prompts.js';
import type { CouncilCall, CouncilMember, CouncilReview, ReviewStage } from './council-run.js';
import { formatCall } from './format-call.js';
import { parseRanking } from './parse-ranking.js';
import { runParallel } from './run-parallel.js';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * Stage 2: every member that answered reviews the others' answers blind. Each reviewer gets its own shuffle of
 * labels (drawn up front, so they depend only on the seed), never sees its own answer, and ends with a ranking
 * that is parsed strictly or, failing that, tolerantly. Rankings are aggregated into average rank and votes.
 */
export async function* runReviewStage(
  context: OrchestrationContext,
  {
    members,
    answers,
    settings,
    prompt,
    random,
    archetypePrompt,
  }: {
    members: readonly CouncilMember[];
    answers: ReadonlyMap<string, CouncilCall>;
    settings: CallSettings;
    prompt: PromptContext;
    random: () => number;
    archetypePrompt: (member: string) => Parameters<typeof reviewPrompt>[0];
  },
): AsyncGenerator<ChatStreamPart, ReviewStage> {
  const authors = members.filter((member) => answers.has(member.archetype));
  const plans = authors.map((reviewer) => {
    const others = shuffle(
      authors.filter((author) => author.archetype !== reviewer.archetype),
      random,
    );
    const labels = Object.fromEntries(others.map((author, index) => [LETTERS[index]!, author.archetype]));
    return { reviewer, labels };
  });
  const reviews = yield* runParallel(
    plans.map(({ reviewer, labels }) => async (emit: (part: ChatStreamPart) => void) => {
      const model = answers.get(reviewer.archetype)!.model;
      emit(
        progress(
          'review',
          `${reviewer.archetype} → ${model}: reviewing ${Object.keys(labels).length} anonymous answers`,
          {
            event: 'started',
            reviewer: reviewer.archetype,
            model,
          },
        ),
      );
      const labelled = Object.entries(labels).map(([label, author]) => ({
        label,
        text: answers.get(author)!.text,
      }));
      const call = await callMember(
        context,
        {
          stage: 'review',
          round: 1,
          member: reviewer.archetype,
          model,
          prompt: reviewPrompt(archetypePrompt(reviewer.archetype), prompt, labelled),
        },
        settings,
      );
      const parsed = call.ok
        ? parseRanking(call.text, Object.keys(labels))
        : { method: 'unparsed' as const, labels: [] };
      const review: CouncilReview = {
        reviewer: reviewer.archetype,
        model: call.model,
        labels,
        method: parsed.method,
        rankingLabels: parsed.labels,
        ranking: parsed.labels.map((label) => labels[label]!),
        call,
      };
      emit(
        progress('review', describe(review), { event: call.ok ? 'ranked' : 'failed', ...summary(review) }),
      );
      return review;
    }),
  );
  const aggregate = aggregateRankings(
    authors.map((author) => ({ archetype: author.archetype, model: answers.get(author.archetype)!.model })),
    reviews,
  );
  const agreement = rankingAgreement(aggregate, reviews);
  yield progress(
    'review',
    `Aggregate ranking: ${aggregate
      .map(
        (entry) =>
          `${entry.member} (${entry.averageRank ?? '–'}, ${entry.votes} vote${entry.votes === 1 ? '' : 's'})`,
      )
      .join(' > ')}`,
    { event: 'review-complete', reviews: reviews.map(summary), aggregate, agreement },
  );
  return { reviews, aggregate, agreement };
}

function describe(review: CouncilReview): string {
  if (!review.call.ok) return formatCall(review.call);
  if (review.method === 'unparsed')
    return `${review.reviewer}'s ranking could not be parsed (no valid label found); it does not count`;
  const order = review.rankingLabels.map((label) => `${label}=${review.labels[label]}`).join(' > ');
  return `${review.reviewer} ranked ${order} (${review.method === 'strict' ? 'strict parse' : 'tolerant fallback parse'})`;
}

function summary(review: CouncilReview) {
  return {
    reviewer: review.reviewer,
    model: review.model,
    labels: review.labels,
    method: review.method,
    rankingLabels: review.rankingLabels,
    ranking: review.ranking,
    latencyMs: review.call.latencyMs,
    costUsd: review.call.costUsd,
    error: review.call.error,
  };
}
