import type { ChatRequest, ChatResult } from '../../../core/chat-request.js';
import type { ModelProfile } from '../../../core/model-profile.js';
import type { RoutingDecision } from '../../../core/routing-decision.js';
import type { ChatStream } from '../../../orchestration/orchestration-context.js';

/** The part of the engine the battery uses: every call is routed, guarded, rate-limited and recorded. */
export interface EvaluationEngine {
  stream(request: ChatRequest): ChatStream;
  generate(request: ChatRequest): Promise<ChatResult>;
  route(request: ChatRequest): RoutingDecision;
  profile(id: string): ModelProfile | undefined;
  profiles(): readonly ModelProfile[];
}
