import type { EnsembleStrategyName } from '../../config/sections/ensemble.js';
import type { Usage } from '../../core/usage.js';
import type {
  AnswerFormat,
  CallRole,
  CascadeStop,
  Disagreement,
  EnsembleMember,
  ExtractedAnswer,
  Judgment,
  StrategyOutcome,
} from './ensemble-types.js';

/** One call of a run as reported to users: who, in which role, what they answered, how fast, what it cost. */
export interface EnsembleCallReport {
  model: string;
  role: CallRole;
  stage?: number;
  ok: boolean;
  answer: string;
  extracted?: ExtractedAnswer;
  error?: { kind: string; message: string };
  latencyMs: number;
  usage: Usage;
  costUsd: number;
  requestId?: string;
  /** Members: whether their answer is the final answer. */
  agreedWithFinal?: boolean;
}

/** A whole ensemble run: the answer, how sure it is, every call, and the totals. Stored and returned as is. */
export interface EnsembleRun {
  id: string;
  status: 'ok' | 'no-consensus' | 'error';
  strategy: EnsembleStrategyName;
  preset?: string;
  taskType: string;
  format: AnswerFormat['kind'];
  question: string;
  sessionId?: string;
  createdAt: number;
  answer: string;
  extracted?: ExtractedAnswer;
  /** 0..1: vote posterior (closed forms), judge score or weighted agreement. */
  confidence: number;
  agreement: number;
  modelsAgreed: boolean;
  source: StrategyOutcome['source'];
  winner?: string;
  /** Models that answered as members, in the order they were asked. */
  modelsUsed: string[];
  /** Member plan: reliability and cost estimate used to weigh and order members. */
  plan: EnsembleMember[];
  /** Every call: members first, then judges, aggregators and verifiers. */
  members: EnsembleCallReport[];
  candidates: { answer: string; value?: string; models: string[]; weight: number }[];
  judgment?: Judgment;
  stoppedAt?: CascadeStop;
  disagreement?: Disagreement;
  totals: { calls: number; costUsd: number; averageLatencyMs: number; usage: Usage; durationMs: number };
  learning: { quality: number; collected: boolean; exampleId?: string; preferencePairs: string[] };
  warnings: string[];
  error?: { kind: string; message: string };
}
