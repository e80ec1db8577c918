import type { Sandbox } from '../sandbox/create-sandbox.js';
import type { EvaluationTask } from '../suite/evaluation-task.js';
import type { GraderType } from '../suite/suite-schema.js';

export interface CandidateToolCall {
  name: string;
  arguments: unknown;
}

/** What a model answered: its text and any tool calls it made. */
export interface CandidateAnswer {
  text: string;
  toolCalls: CandidateToolCall[];
}

export interface GradeResult {
  grader: GraderType;
  /** 0..1 */
  score: number;
  weight: number;
  /** Human-readable reason: what matched, which tests failed, what the judge said. */
  detail: string;
  /** USD spent grading (judge calls). */
  costUsd: number;
}

export interface JudgeRequest {
  model: string;
  system: string;
  prompt: string;
}

export interface JudgeReply {
  text: string;
  model: string;
  costUsd: number;
}

/** Calls a judge model (through the engine, so it is routed, limited, recorded and paid for). */
export type JudgeFunction = (request: JudgeRequest) => Promise<JudgeReply>;

export interface GradeContext {
  task: EvaluationTask;
  answer: CandidateAnswer;
  judge: JudgeFunction;
  /** The judge model when neither the grader nor the suite names one. */
  defaultJudgeModel: string;
  sandbox: Sandbox;
  sandboxDefaults: { timeoutMs: number; memoryMb: number };
}

/**
 * A grader that cannot do its job (judge unreachable, verdict unreadable, interpreter missing) throws this:
 * the cell is recorded as an error and redone on resume, instead of scoring the model for our failure.
 */
export class GradingError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GradingError';
  }
}
