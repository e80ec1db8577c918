import type { TaskClass } from './task-class.js';

export const LICENSE_TIERS = ['permissive', 'copyleft', 'restricted', 'proprietary'] as const;
export type LicenseTier = (typeof LICENSE_TIERS)[number];

export const LATENCY_CLASSES = ['instant', 'fast', 'standard', 'deliberate'] as const;
/** instant: <100 ms to first token; fast: 100–500 ms; standard: 0.5–2 s; deliberate: 2 s+. */
export type LatencyClass = (typeof LATENCY_CLASSES)[number];

export type ModelLocation = 'local' | 'external';

export interface ModelPrice {
  /** USD per million input tokens; 0 for local models. */
  inputPerMTok: number;
  /** USD per million output tokens; 0 for local models. */
  outputPerMTok: number;
}

export interface ModelSupports {
  streaming: boolean;
  tools: boolean;
  vision: boolean;
  json: boolean;
  embeddings: boolean;
  /** Accepts a trailing assistant message to continue from (used to resume a cut stream). */
  prefill: boolean;
}

/** One model as the router sees it: where it runs, what it costs, what it is good at. */
export interface ModelProfile {
  id: string;
  name: string;
  family?: string;
  provider: string;
  providerModelId: string;
  location: ModelLocation;
  license: LicenseTier;
  contextWindow: number;
  maxOutputTokens?: number;
  price: ModelPrice;
  latency: { class: LatencyClass; ttftMs?: number; tokensPerSec?: number };
  strengths: TaskClass[];
  weaknesses: TaskClass[];
  /** 0..1 prior quality per task class; learned evidence overrides it. */
  quality: Partial<Record<TaskClass, number>>;
  supports: ModelSupports;
  /** Specialists (code, math) are announced as such ("getting code expertise…"). */
  specialist?: TaskClass;
  memoryBytes?: number;
  /** Whether the model can be called right now (provider configured and reachable). */
  available: boolean;
  /** Why it is unavailable, with the fix (e.g. "set GROQ_API_KEY"). */
  unavailableReason?: string;
  /** Where price and context figures come from. */
  source?: string;
  /** Other model ids this one falls back to, in order. */
  fallbacks?: string[];
  aliases?: string[];
}
