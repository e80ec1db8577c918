import type { ChatRequest } from '../core/chat-request.js';
import { ConclaveError } from '../core/conclave-error.js';
import { requestId } from '../core/request-id.js';
import { guardRequest } from '../privacy/guard-request.js';
import { redactSecrets } from '../privacy/scan-secrets.js';
import { executeEmbedding } from '../resilience/execute-embedding.js';
import type { ExecutorDependencies } from '../resilience/executor-types.js';
import type { Router } from '../routing/create-router.js';
import type { RequestLog } from '../store/request-log.js';
import type { ModelRegistry } from './model-registry.js';

export interface EmbedRequest {
  model?: string;
  values: string[];
  dimensions?: number;
  consent?: boolean;
  apiKeyId?: string;
  signal?: AbortSignal;
}

/** Routes embedding requests to embedding-capable models (local first) and records each call. */
export function createEmbedRunner({
  registry,
  router,
  requestLog,
  privacy,
  executor,
}: {
  registry: ModelRegistry;
  router: Router;
  requestLog: RequestLog;
  privacy: { secretScan: boolean; onSecret: 'block' | 'redact' };
  executor: () => ExecutorDependencies;
}) {
  return async function embed({ model, values, dimensions, consent, apiKeyId, signal }: EmbedRequest) {
    const id = requestId('embd');
    const createdAt = Date.now();
    const request: ChatRequest = {
      model,
      prompt: [{ role: 'user', content: [{ type: 'text', text: values.join('\n') }] }],
      options: {},
      routing: { taskClass: 'embedding', expectedOutputTokens: 0 },
      consent,
      apiKeyId,
    };
    const base = { id, createdAt, kind: 'embedding' as const, apiKeyId, modelRequested: model, attempts: [] };
    try {
      const guarded = guardRequest(
        request,
        router.decide(request, { wantsEmbedding: true }),
        registry.profile,
        privacy,
      );
      const outcome = await executeEmbedding(
        { ...executor(), embeddingModelFor: registry.embeddingModelFor },
        {
          values: guarded.request === request ? values : values.map((value) => redactSecrets(value)),
          dimensions,
          decision: guarded.decision,
          signal,
        },
      );
      const costUsd = (outcome.tokens * outcome.profile.price.inputPerMTok) / 1_000_000;
      requestLog.append({
        ...base,
        model: outcome.profile.id,
        provider: outcome.profile.provider,
        location: outcome.profile.location,
        taskClass: 'embedding',
        routeReason: guarded.decision.reason,
        status: 'ok',
        inputTokens: outcome.tokens,
        outputTokens: 0,
        costUsd,
        latencyMs: outcome.latencyMs,
        fallbacks: outcome.fallbacks,
      });
      return { id, ...outcome, costUsd, decision: guarded.decision };
    } catch (error) {
      const conclaveError =
        error instanceof ConclaveError ? error : new ConclaveError('internal', String(error));
      requestLog.append({
        ...base,
        status: 'error',
        errorKind: conclaveError.kind,
        errorMessage: conclaveError.message,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
      });
      throw conclaveError;
    }
  };
}
