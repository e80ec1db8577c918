import type {
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4Prompt,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import type { LatencyClass, LicenseTier, ModelLocation } from './model-profile.js';
import type { RoutingDecision } from './routing-decision.js';
import type { TaskClass } from './task-class.js';
import type { Usage } from './usage.js';

export const OBJECTIVES = ['quality', 'cost', 'speed', 'balanced'] as const;
export type Objective = (typeof OBJECTIVES)[number];

/** Per-request routing wishes; each narrows or steers the router's choice. */
export interface RoutingOptions {
  objective?: Objective;
  /** Skip classification and route as this task class. */
  taskClass?: TaskClass;
  maxCostUsd?: number;
  maxLatencyClass?: LatencyClass;
  firstTokenBudgetMs?: number;
  minQuality?: number;
  licenses?: LicenseTier[];
  allow?: string[];
  deny?: string[];
  /** Keep the request on this machine. */
  localOnly?: boolean;
  /** Whether a pinned or explicitly named model may still fall back to others. */
  allowFallbacks?: boolean;
  /** Expected output tokens, for context sizing and cost estimates. */
  expectedOutputTokens?: number;
}

export type CallOptions = Omit<LanguageModelV4CallOptions, 'prompt' | 'abortSignal' | 'headers'>;

/** The one internal request shape: what the gateway, the CLI and the library all turn their input into. */
export interface ChatRequest {
  /** 'auto', 'auto:<objective>', or a model id/alias. */
  model?: string;
  prompt: LanguageModelV4Prompt;
  options: CallOptions;
  routing?: RoutingOptions;
  sessionId?: string;
  /** The caller consents to this request being processed by an external provider. */
  consent?: boolean;
  apiKeyId?: string;
  signal?: AbortSignal;
  /** Request kind for the log; embeddings and orchestration runs are recorded differently. */
  /** 'evaluation' and 'judge' calls are measurements: they do not count as routing outcomes. */
  kind?: 'chat' | 'council' | 'ensemble' | 'pipeline' | 'evaluation' | 'judge';
  /** Marks member calls of an orchestration run so they are not double-counted as user requests. */
  parentId?: string;
  /** The client's OpenAI request body, for the gateway's passthrough to OpenAI-compatible upstreams. */
  raw?: { body: Record<string, unknown> };
}

export type FinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other';

export interface AttemptSummary {
  model: string;
  provider: string;
  ok: boolean;
  errorKind?: string;
  status?: number;
  message?: string;
  latencyMs: number;
  ttftMs?: number;
}

/** Everything a caller learns about an answer: who produced it, where, why, and what it cost. */
export interface ChatResult {
  id: string;
  model: string;
  modelName: string;
  provider: string;
  providerModelId: string;
  location: ModelLocation;
  content: LanguageModelV4Content[];
  text: string;
  finishReason: FinishReason;
  usage: Usage;
  costUsd: number;
  latencyMs: number;
  ttftMs?: number;
  decision: RoutingDecision;
  attempts: AttemptSummary[];
  /** Models that were tried and failed before the one that answered. */
  fallbacks: string[];
  warnings: string[];
  /** Orchestration runs (council, ensemble, pipeline): every stage, member and score. */
  run?: unknown;
}

/** Conclave's own events, interleaved with the answering model's stream parts. */
export type ConclaveEvent =
  | { type: 'conclave-decision'; decision: RoutingDecision }
  | { type: 'conclave-attempt'; model: string; provider: string; location: ModelLocation; attempt: number }
  | { type: 'conclave-attempt-failed'; model: string; errorKind: string; message: string; willRetry: boolean }
  | { type: 'conclave-fallback'; from: string; to: string; reason: string }
  | { type: 'conclave-progress'; stage: string; detail: string; data?: unknown };

export type ChatStreamPart = LanguageModelV4StreamPart | ConclaveEvent;

/** The stream parts that are the model's answer (text, reasoning, tool calls, sources, files), passed on as-is. */
export const ANSWER_PART_TYPES: ReadonlySet<string> = new Set([
  'text-start',
  'text-delta',
  'text-end',
  'reasoning-start',
  'reasoning-delta',
  'reasoning-end',
  'tool-input-start',
  'tool-input-delta',
  'tool-input-end',
  'tool-call',
  'source',
  'file',
]);
