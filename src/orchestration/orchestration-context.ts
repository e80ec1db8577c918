import type { DatabaseSync } from 'node:sqlite';
import type { Archetype } from '../catalog/archetypes.js';
import type { ConclaveConfig } from '../config/config-schema.js';
import type { ChatRequest, ChatResult, ChatStreamPart } from '../core/chat-request.js';
import type { ModelProfile } from '../core/model-profile.js';
import type { RoutingDecision } from '../core/routing-decision.js';
import type { TrainingStore } from '../learning/training-store.js';
import type { Assignment, RotationDay } from '../routing/rotation.js';
import type { RequestLog } from '../store/request-log.js';

/** A running request: the decision up front, parts as they stream, the result when done. */
export interface ChatStream {
  id: string;
  decision: RoutingDecision;
  parts: AsyncIterable<ChatStreamPart>;
  result: Promise<ChatResult>;
  /**
   * Instead of iterating `parts`: starts the run and hands every part to `sink` as it is produced (no promise
   * per part). `stop` cancels the run. Use one or the other, not both.
   */
  subscribe?(sink: (part: ChatStreamPart) => void, stop?: AbortSignal): void;
}

/**
 * What council, ensemble and pipeline runs may use. Every member call goes through `stream`/`generate`,
 * so it is routed, guarded, resilient and recorded exactly like a single request.
 */
export interface OrchestrationContext {
  config: ConclaveConfig;
  database: DatabaseSync;
  requestLog: RequestLog;
  profiles(): readonly ModelProfile[];
  profile(id: string): ModelProfile | undefined;
  route(request: ChatRequest): RoutingDecision;
  stream(request: ChatRequest): ChatStream;
  generate(request: ChatRequest): Promise<ChatResult>;
  archetypes(): Archetype[];
  assignments(date?: string): { day: RotationDay; assignments: Assignment[] };
  /** Embeddings through the engine (routed to embedding-capable models), e.g. for answer similarity. */
  embed?: (request: {
    model?: string;
    values: string[];
    consent?: boolean;
    signal?: AbortSignal;
  }) => Promise<{ embeddings: number[][]; costUsd: number }>;
  /** Where good answers become training examples and rankings become preference pairs. */
  training: TrainingStore;
  /** Why a model must not be used now (circuit open), or undefined. */
  blockReason(modelId: string): string | undefined;
}

/** A family of virtual models (`council/<preset>`, `ensemble/<strategy>`, `pipeline/<name>`). */
export interface VirtualModelHandler {
  prefix: 'council' | 'ensemble' | 'pipeline';
  list(): { id: string; description: string }[];
  /**
   * Runs the orchestration for a request whose model is `<prefix>/<name>`. Unknown names and invalid
   * input throw a ConclaveError before any model is called. Progress is streamed as `conclave-progress`
   * parts, the final answer as text deltas; the result's `run` holds every stage.
   */
  stream(request: ChatRequest, name: string): ChatStream;
}
