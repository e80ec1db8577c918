import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import type { CascadeCheck, JudgeMode } from '../../config/sections/ensemble.js';
import type { CallOptions } from '../../core/chat-request.js';
import type { PlainMessage } from './conversation.js';
import type { EscalationPolicy } from './strategies/cascade-policy.js';
import type { EmbedTexts } from './text-similarity.js';

/** What a caller asks of an ensemble; everything but the messages has a default from config. */
export interface EnsembleInput {
  messages: readonly PlainMessage[] | LanguageModelV4Prompt;
  /** A strategy name, or a preset from `ensemble.presets`. Default: ensemble.strategy. */
  strategy?: string;
  /** How many top models answer (ignored when `members` is given). */
  numModels?: number;
  /** Exact member model ids. */
  members?: string[];
  /** code, math, creative, … (aliases: reasoning → deep); default: detected by the router's classifier. */
  taskType?: string;
  /** Consensus: weighted agreement required; cascade: confidence required to stop. 0..1. */
  threshold?: number;
  judge?: string;
  judgeMode?: JudgeMode;
  aggregator?: string;
  /** Mixture-of-agents layers. */
  layers?: number;
  cascade?: { stages?: string[][]; check?: CascadeCheck; firstStage?: number; policy?: EscalationPolicy };
  /** Provider embeddings for free-text similarity (used when ensemble.similarity.method is embedding). */
  embed?: EmbedTexts;
  /** Store good answers as training examples (default: ensemble.collect). */
  collect?: boolean;
  consent?: boolean;
  localOnly?: boolean;
  allow?: string[];
  deny?: string[];
  sessionId?: string;
  apiKeyId?: string;
  signal?: AbortSignal;
  options?: Pick<CallOptions, 'maxOutputTokens' | 'temperature' | 'topP'>;
}
