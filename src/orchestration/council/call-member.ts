import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import type { ChatRequest, ChatResult } from '../../core/chat-request.js';
import { ConclaveError } from '../../core/conclave-error.js';
import { ZERO_USAGE } from '../../core/usage.js';
import type { OrchestrationContext } from '../orchestration-context.js';
import type { CouncilCall } from './council-run.js';

/** What every call of one run shares: consent, session, cancellation, sampling settings. */
export interface CallSettings {
  runId: string;
  consent?: boolean;
  sessionId?: string;
  apiKeyId?: string;
  signal?: AbortSignal;
  options: ChatRequest['options'];
  localOnly?: boolean;
}

export interface CallSpec {
  stage: CouncilCall['stage'];
  round: number;
  member: string;
  model: string;
  prompt: LanguageModelV4Prompt;
}

/** The request for one member call: the member's model by name, recorded as part of the council run. */
export function memberRequest(spec: CallSpec, settings: CallSettings, signal?: AbortSignal): ChatRequest {
  return {
    model: spec.model,
    prompt: spec.prompt,
    options: settings.options,
    routing: settings.localOnly ? { localOnly: true } : undefined,
    consent: settings.consent,
    sessionId: settings.sessionId,
    apiKeyId: settings.apiKeyId,
    signal: signal ?? settings.signal,
    kind: 'council',
    parentId: settings.runId,
  };
}

export function callFromResult(spec: CallSpec, result: ChatResult): CouncilCall {
  return {
    stage: spec.stage,
    round: spec.round,
    member: spec.member,
    model: result.model,
    requestId: result.id,
    ok: true,
    text: result.text,
    latencyMs: result.latencyMs,
    usage: result.usage,
    costUsd: result.costUsd,
  };
}

export function callFromError(spec: CallSpec, error: unknown, startedAt: number): CouncilCall {
  const conclaveError = toConclaveError(error);
  return {
    stage: spec.stage,
    round: spec.round,
    member: spec.member,
    model: spec.model,
    ok: false,
    error: { kind: conclaveError.kind, message: conclaveError.message },
    text: '',
    latencyMs: Date.now() - startedAt,
    usage: ZERO_USAGE,
    costUsd: 0,
  };
}

/**
 * One member call through the engine (routed, guarded, resilient, recorded). Never throws: a failure comes
 * back as a call with `ok: false` so the council can report it and carry on without that member.
 */
export async function callMember(
  context: OrchestrationContext,
  spec: CallSpec,
  settings: CallSettings,
  signal?: AbortSignal,
): Promise<CouncilCall> {
  const startedAt = Date.now();
  try {
    const result = await context.generate(memberRequest(spec, settings, signal));
    if (result.text.trim() === '')
      throw new ConclaveError('upstream', `${result.model} returned an empty answer.`, {
        model: result.model,
      });
    return callFromResult(spec, result);
  } catch (error) {
    return callFromError(spec, error, startedAt);
  }
}

export function toConclaveError(error: unknown): ConclaveError {
  return error instanceof ConclaveError
    ? error
    : new ConclaveError('internal', error instanceof Error ? error.message : String(error), { cause: error });
}
