import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import type { CascadeCheck, JudgeMode } from '../../../config/sections/ensemble.js';
import type { AnswerFormat, CallRole, EnsembleMember, MemberCaller, MemberReply } from '../ensemble-types.js';
import { extractAnswer } from '../extract-answer.js';
import { type Tally, tallyAnswers } from '../group-answers.js';
import type { Similarity } from '../text-similarity.js';
import type { EscalationPolicy } from './cascade-policy.js';

/** Everything a strategy may use: the question, its members, how to call a model, how to compare answers. */
export interface StrategyContext {
  /** The conversation every member answers. */
  conversation: LanguageModelV4Prompt;
  /** The question as text, for judges and aggregators. */
  question: string;
  format: AnswerFormat;
  /** Members in plan order (cascades: cheapest first). */
  members: EnsembleMember[];
  call: MemberCaller;
  similarity: Similarity;
  sameAnswer: number;
  /** Called with new answer texts before they are compared (embedding similarity fetches vectors here). */
  prepareSimilarity?: (texts: string[]) => Promise<void>;
  judge?: string;
  judgeMode: JudgeMode;
  aggregator?: string;
  maxChars: number;
  consensusThreshold: number;
  moaLayers: number;
  cascade: { threshold: number; check: CascadeCheck; stages: string[][]; policy?: EscalationPolicy };
  progress(stage: string, detail: string, data?: unknown): void;
}

/** Asks several models at once; failures come back as replies with `ok: false`, never as exceptions. */
export async function askModels(
  context: StrategyContext,
  models: string[],
  {
    role = 'member',
    prompt = context.conversation,
    stage,
  }: {
    role?: CallRole;
    prompt?: LanguageModelV4Prompt;
    stage?: number;
  } = {},
): Promise<MemberReply[]> {
  const replies = await Promise.all(
    models.map(async (model) => {
      const reply = await context.call({ model, role, prompt, stage });
      const answered = reply.ok && (role === 'member' || role === 'proposer');
      const withAnswer = answered ? { ...reply, answer: extractAnswer(reply.text, context.format) } : reply;
      context.progress(
        role,
        reply.ok
          ? `✓ ${model}${stage === undefined ? '' : ` (stage ${stage})`} answered`
          : `✗ ${model} failed: ${reply.error?.message ?? 'no answer'}`,
        {
          event: 'call',
          model,
          role,
          stage,
          ok: reply.ok,
          latencyMs: reply.latencyMs,
          costUsd: reply.costUsd,
        },
      );
      return withAnswer;
    }),
  );
  if (context.prepareSimilarity && (role === 'member' || role === 'proposer'))
    await context.prepareSimilarity(replies.filter((reply) => reply.ok).map((reply) => reply.text));
  return replies;
}

export function reliabilityOf(context: StrategyContext): (model: string) => number {
  const byModel = new Map(context.members.map((member) => [member.model, member.reliability]));
  return (model) => byModel.get(model) ?? 0.5;
}

export function tally(context: StrategyContext, replies: MemberReply[]): Tally {
  return tallyAnswers(replies, {
    format: context.format,
    reliabilityOf: reliabilityOf(context),
    similarity: context.similarity,
    sameAnswer: context.sameAnswer,
  });
}

/** Replies that carry an answer (members and proposers that did not fail). */
export function answered(replies: MemberReply[]): MemberReply[] {
  return replies.filter((reply) => reply.ok && reply.text.trim() !== '');
}

/** A tie between the top candidates, said in words (the tie is broken by members, then the most reliable). */
export function tieWarning(result: Tally): string[] {
  if (!result.tie) return [];
  const [first, second] = result.candidates;
  return [
    `Tie between ${first?.models.join('+')} and ${second?.models.join('+')}; broken in favour of ${first?.models.join('+')} (more members, then the most reliable member).`,
  ];
}
