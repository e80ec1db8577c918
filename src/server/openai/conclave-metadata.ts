import type { ChatResult, FinishReason } from '../../core/chat-request.js';

/** The `conclave` object in every response body and final stream chunk. */
export function conclaveMetadata(result: ChatResult) {
  return {
    request_id: result.id,
    model: result.model,
    model_name: result.modelName,
    provider: result.provider,
    provider_model: result.providerModelId,
    location: result.location,
    task_class: result.decision.taskClass,
    confidence: result.decision.confidence,
    objective: result.decision.objective,
    specialist: result.decision.specialist,
    route_reason: result.decision.reason,
    fallbacks: result.fallbacks,
    attempts: result.attempts.map((attempt) => ({
      model: attempt.model,
      ok: attempt.ok,
      error_kind: attempt.errorKind,
      status: attempt.status,
      latency_ms: attempt.latencyMs,
    })),
    cost_usd: result.costUsd,
    latency_ms: result.latencyMs,
    ttft_ms: result.ttftMs,
    warnings: result.warnings,
    ...(result.run === undefined ? {} : { run: result.run }),
  };
}

/** Response headers carrying the same facts for clients that only look at headers. */
export function conclaveHeaders(
  result: Pick<ChatResult, 'id' | 'model' | 'provider' | 'location' | 'fallbacks' | 'decision'> & {
    costUsd?: number;
  },
): Record<string, string> {
  const headers: Record<string, string> = {
    'x-conclave-request-id': result.id,
    'x-conclave-model': result.model,
    'x-conclave-provider': result.provider,
    'x-conclave-location': result.location,
    'x-conclave-task-class': result.decision.taskClass,
    'x-conclave-objective': result.decision.objective,
    'x-conclave-route-reason': headerSafe(result.decision.reason),
    'x-conclave-fallbacks': result.fallbacks.join(','),
  };
  if (result.costUsd !== undefined) headers['x-conclave-cost-usd'] = result.costUsd.toFixed(8);
  return headers;
}

export function openAIFinishReason(reason: FinishReason): string {
  switch (reason) {
    case 'tool-calls':
      return 'tool_calls';
    case 'content-filter':
      return 'content_filter';
    case 'length':
      return 'length';
    default:
      return 'stop';
  }
}

/** HTTP header values must be Latin-1 without control characters; the full text is in the body. */
function headerSafe(text: string): string {
  const ascii = text.replace(/[^\x20-\x7e]/g, (character) =>
    character === '→' ? '->' : character === '…' ? '...' : '?',
  );
  return ascii.length > 512 ? `${ascii.slice(0, 509)}...` : ascii;
}
