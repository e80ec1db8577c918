import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import type { EnsembleStrategyName } from '../../config/sections/ensemble.js';
import type { Usage } from '../../core/usage.js';

/** What kind of answer a question expects: closed forms are compared by value, free text by similarity. */
export type AnswerFormat =
  | { kind: 'choice'; labels: string[]; options: Record<string, string> }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'short' }
  | { kind: 'free' };

/** A closed-form answer pulled out of a response, normalised so equal answers compare equal. */
export interface ExtractedAnswer {
  kind: 'choice' | 'number' | 'boolean' | 'short';
  /** Normalised value ("B", "1000", "true", "paris"). */
  value: string;
}

export type CallRole = 'member' | 'judge' | 'aggregator' | 'proposer' | 'verifier';

export interface MemberCall {
  model: string;
  role: CallRole;
  prompt: LanguageModelV4Prompt;
  /** Cascade stage or moa layer, for the record. */
  stage?: number;
}

/** One call of a run: who answered what, how fast, at what cost; failures are kept, not thrown. */
export interface MemberReply {
  model: string;
  role: CallRole;
  stage?: number;
  ok: boolean;
  text: string;
  error?: { kind: string; message: string };
  latencyMs: number;
  usage: Usage;
  costUsd: number;
  requestId?: string;
  /** Set for member answers of closed-form questions when an answer could be extracted. */
  answer?: ExtractedAnswer;
}

/** Calls one model; live runs go through the engine, benchmark replays return recorded answers. */
export type MemberCaller = (call: MemberCall) => Promise<MemberReply>;

/** A member as the strategies see it: its reliability (0..1) and an estimate of one call's cost. */
export interface EnsembleMember {
  model: string;
  reliability: number;
  estimatedCostUsd: number;
  /** Where the reliability came from: config, learned, catalog. */
  source: 'config' | 'learned' | 'catalog';
}

/** Answers grouped by equivalence, with their members and summed reliability. */
export interface Candidate {
  answer: string;
  value?: string;
  models: string[];
  weight: number;
  /** The reply whose text represents the group (the most reliable member's). */
  representative: MemberReply;
}

export interface CascadeStop {
  stage: number;
  stages: number;
  reason: string;
  /** Models asked, cheapest stage first. */
  asked: string[];
}

export interface Disagreement {
  agreement: number;
  threshold: number;
  candidates: { answer: string; models: string[]; weight: number }[];
}

export interface Judgment {
  method: 'pairwise' | 'rubric' | 'agreement';
  judge?: string;
  scores: { model: string; score: number }[];
  /** Verdicts that could not be parsed (counted as ties). */
  unusable: number;
  fellBack?: string;
}

/** A strategy's decision: the answer, how sure it is, and everything that led to it. */
export interface StrategyOutcome {
  answer: string;
  extracted?: ExtractedAnswer;
  confidence: number;
  /** Weighted share of members behind the answer. */
  agreement: number;
  modelsAgreed: boolean;
  source: 'vote' | 'judge' | 'aggregator' | 'member' | 'no-consensus';
  /** The member whose text is the answer, when it is one member's answer. */
  winner?: string;
  calls: MemberReply[];
  candidates: Candidate[];
  judgment?: Judgment;
  stoppedAt?: CascadeStop;
  disagreement?: Disagreement;
  /** Judge outcomes as preference pairs: chosen answer vs rejected answer. */
  preferences: { chosen: MemberReply; rejected: MemberReply; margin: number }[];
  warnings: string[];
}

export type { EnsembleStrategyName };
