import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import type { AttemptSummary, ChatResult } from '../../core/chat-request.js';
import { ConclaveError } from '../../core/conclave-error.js';
import type { OrchestrationContext } from '../orchestration-context.js';
import type { PhasePlan, PhaseResult, PipelineEvent } from './pipeline-types.js';

export interface RunPhaseInput {
  plan: PhasePlan;
  prompt: LanguageModelV4Prompt;
  runId: string;
  /** Aborts the phase when the run is aborted (a critical phase failed elsewhere, or the client left). */
  signal: AbortSignal;
  consent?: boolean;
  sessionId?: string;
  apiKeyId?: string;
  onEvent: (event: PipelineEvent) => void;
}

/**
 * Runs one phase through `context.generate`: its primary model, then each fallback. Every model gets the
 * phase timeout; a model that exceeds it is abandoned and the next one is tried. Never throws: a phase that
 * failed on every model comes back with `success: false` and the reasons.
 */
export async function runPhase(context: OrchestrationContext, input: RunPhaseInput): Promise<PhaseResult> {
  const { plan } = input;
  const startedAt = Date.now();
  const models = [plan.primaryModel.model, ...plan.fallbackModels];
  const attempts: AttemptSummary[] = [];
  const failures: string[] = [];
  const requestIds: string[] = [];
  for (const [index, model] of models.entries()) {
    if (input.signal.aborted) break;
    input.onEvent({ type: 'phase-start', phase: plan.phase, model, attempt: index + 1 });
    const attemptStartedAt = Date.now();
    const timeout = new AbortController();
    const timer = setTimeout(
      () =>
        timeout.abort(
          new ConclaveError(
            'timeout',
            `phase ${plan.phase} timed out after ${plan.timeoutMs} ms on ${model}`,
            { retryable: false, model },
          ),
        ),
      plan.timeoutMs,
    );
    try {
      const result: ChatResult = await context.generate({
        model,
        prompt: input.prompt,
        options: { temperature: plan.temperature, maxOutputTokens: plan.maxOutputTokens },
        routing: { ...plan.routing, allowFallbacks: false },
        consent: input.consent,
        sessionId: input.sessionId,
        apiKeyId: input.apiKeyId,
        signal: AbortSignal.any([input.signal, timeout.signal]),
        kind: 'pipeline',
        parentId: input.runId,
      });
      requestIds.push(result.id);
      if (result.text.trim() === '') throw new ConclaveError('upstream', `${model} returned an empty answer`);
      attempts.push(...result.attempts);
      return {
        phase: plan.phase,
        kind: plan.kind,
        modelUsed: result.model,
        providerUsed: result.provider,
        success: true,
        result: result.text,
        executionTime: seconds(Date.now() - startedAt),
        tokensUsed: result.usage.totalTokens,
        inputTokens: result.usage.inputTokens,
        outputTokens: result.usage.outputTokens,
        costUsd: result.costUsd,
        startedAt,
        finishedAt: Date.now(),
        attempts,
        fallbacks: models.slice(0, index),
        requestIds,
      };
    } catch (thrown) {
      // The executor reports any abort of the request's signal as "cancelled"; ours was the phase timeout.
      const error = timeout.signal.aborted && !input.signal.aborted ? timeout.signal.reason : thrown;
      const reason = describe(error);
      attempts.push({
        model,
        provider: context.profile(model)?.provider ?? '',
        ok: false,
        errorKind: error instanceof ConclaveError ? error.kind : 'internal',
        message: reason,
        latencyMs: Date.now() - attemptStartedAt,
      });
      failures.push(`${model}: ${reason}`);
      const next = models[index + 1];
      if (next && !input.signal.aborted)
        input.onEvent({ type: 'phase-fallback', phase: plan.phase, from: model, to: next, reason });
    } finally {
      clearTimeout(timer);
    }
  }
  const last = models.at(-1)!;
  return {
    phase: plan.phase,
    kind: plan.kind,
    modelUsed: attempts.at(-1)?.model ?? last,
    providerUsed: attempts.at(-1)?.provider ?? context.profile(last)?.provider ?? '',
    success: false,
    result: null,
    executionTime: seconds(Date.now() - startedAt),
    tokensUsed: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    error:
      input.signal.aborted && failures.length === 0 ? 'cancelled: the run was aborted' : failures.join('; '),
    startedAt,
    finishedAt: Date.now(),
    attempts,
    fallbacks: attempts.map((attempt) => attempt.model),
    requestIds,
  };
}

function describe(error: unknown): string {
  if (error instanceof ConclaveError) return `${error.kind}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

function seconds(milliseconds: number): number {
  return Math.round(milliseconds) / 1_000;
}
