import type { DatabaseSync } from 'node:sqlite';
import type { ConclaveConfig } from '../config/config-schema.js';
import type { ChatRequest, ChatResult } from '../core/chat-request.js';
import type { ModelProfile } from '../core/model-profile.js';

/** Requests Conclave makes for itself (judge calls, distillation) use session ids in this namespace. */
export const INTERNAL_SESSION_PREFIX = 'conclave:';

/** What the learning loop needs from the engine; the CLI and the gateway pass `engine` itself. */
export interface LearningDependencies {
  database: DatabaseSync;
  config: ConclaveConfig;
  profile(id: string): ModelProfile | undefined;
  requestLog: { flush(): void };
}

/** Learning steps that call models (judge, distillation) also need the engine's request path. */
export interface LearningEngine extends LearningDependencies {
  generate(request: ChatRequest): Promise<ChatResult>;
}
