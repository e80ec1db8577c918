import type { ChatRequest, ChatResult } from '../core/chat-request.js';
import type { ConclaveError } from '../core/conclave-error.js';
import type { RoutingDecision } from '../core/routing-decision.js';
import { costUsd } from '../core/usage.js';
import type { ExecutionOutcome } from '../resilience/executor-types.js';
import type { RequestRecord } from '../store/request-log.js';

export function toChatResult(
  id: string,
  decision: RoutingDecision,
  outcome: ExecutionOutcome,
  warnings: string[],
): ChatResult {
  const { profile } = outcome;
  return {
    id,
    model: profile.id,
    modelName: profile.name,
    provider: profile.provider,
    providerModelId: profile.providerModelId,
    location: profile.location,
    content: outcome.content,
    text: outcome.text,
    finishReason: outcome.finishReason,
    usage: outcome.usage,
    costUsd: costUsd(profile.price, outcome.usage),
    latencyMs: outcome.latencyMs,
    ttftMs: outcome.ttftMs,
    decision,
    attempts: outcome.attempts,
    fallbacks: outcome.fallbacks,
    warnings: [...warnings, ...outcome.warnings],
  };
}

export function successRecord(
  request: ChatRequest,
  result: ChatResult,
  startedAt: number,
  prompt: unknown,
): RequestRecord {
  return {
    id: result.id,
    createdAt: startedAt,
    kind: request.kind ?? 'chat',
    apiKeyId: request.apiKeyId,
    sessionId: request.sessionId,
    modelRequested: request.model,
    model: result.model,
    provider: result.provider,
    location: result.location,
    taskClass: result.decision.taskClass,
    objective: result.decision.objective,
    routeReason: result.decision.reason,
    decision: compactDecision(result.decision),
    status: 'ok',
    finishReason: result.finishReason,
    inputTokens: result.usage.inputTokens,
    outputTokens: result.usage.outputTokens,
    costUsd: result.costUsd,
    latencyMs: result.latencyMs,
    ttftMs: result.ttftMs,
    fallbacks: result.fallbacks,
    warnings: result.warnings,
    prompt,
    responseText: result.text,
    attempts: result.attempts.map((attempt) => ({
      model: attempt.model,
      provider: attempt.provider,
      taskClass: result.decision.taskClass,
      status: attempt.ok ? 'ok' : 'error',
      errorKind: attempt.errorKind,
      httpStatus: attempt.status,
      errorMessage: attempt.message,
      startedAt,
      latencyMs: attempt.latencyMs,
      ttftMs: attempt.ttftMs,
      inputTokens: attempt.ok ? result.usage.inputTokens : 0,
      outputTokens: attempt.ok ? result.usage.outputTokens : 0,
      costUsd: attempt.ok ? result.costUsd : 0,
    })),
  };
}

export function failureRecord(
  id: string,
  request: ChatRequest,
  decision: RoutingDecision | undefined,
  error: ConclaveError,
  startedAt: number,
  prompt: unknown,
): RequestRecord {
  return {
    id,
    createdAt: startedAt,
    kind: request.kind ?? 'chat',
    apiKeyId: request.apiKeyId,
    sessionId: request.sessionId,
    modelRequested: request.model,
    taskClass: decision?.taskClass,
    objective: decision?.objective,
    routeReason: decision?.reason,
    decision: decision && compactDecision(decision),
    status: 'error',
    errorKind: error.kind,
    errorMessage: error.message,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    latencyMs: Date.now() - startedAt,
    prompt,
    attempts: (error.attempts ?? []).map((attempt) => ({
      model: attempt.model,
      provider: attempt.provider,
      taskClass: decision?.taskClass,
      status: 'error' as const,
      errorKind: attempt.kind,
      httpStatus: attempt.status,
      errorMessage: attempt.message,
      startedAt,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
    })),
  };
}

/** The log keeps the decision without its full exclusion list (dozens of models per request). */
function compactDecision(decision: RoutingDecision) {
  const { excluded, ...rest } = decision;
  return {
    ...rest,
    excludedCount: excluded.length,
    excluded: excluded.filter((entry) => !entry.because.startsWith('not available')).slice(0, 5),
  };
}
