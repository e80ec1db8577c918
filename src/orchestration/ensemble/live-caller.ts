import type { ChatRequest } from '../../core/chat-request.js';
import { ConclaveError } from '../../core/conclave-error.js';
import { ZERO_USAGE } from '../../core/usage.js';
import type { OrchestrationContext } from '../orchestration-context.js';
import type { MemberCaller } from './ensemble-types.js';

export interface CallSettings {
  runId: string;
  consent?: boolean;
  localOnly?: boolean;
  sessionId?: string;
  apiKeyId?: string;
  signal?: AbortSignal;
  options: ChatRequest['options'];
}

/** Judges and verifiers answer in one short line; a low temperature keeps their verdicts stable. */
const VERDICT_OPTIONS = { temperature: 0, maxOutputTokens: 256 };

/**
 * Member calls through the engine: each one is routed, guarded, retried and recorded like a single request
 * (tagged as part of the run). A member answers as itself — no fallback to another model, which would quietly
 * duplicate another member. Failures come back as replies with `ok: false`.
 */
export function createLiveCaller(context: OrchestrationContext, settings: CallSettings): MemberCaller {
  return async ({ model, role, prompt, stage }) => {
    const startedAt = Date.now();
    try {
      const result = await context.generate({
        model,
        prompt,
        options:
          role === 'judge' || role === 'verifier'
            ? { ...settings.options, ...VERDICT_OPTIONS }
            : settings.options,
        routing: { allowFallbacks: false, localOnly: settings.localOnly },
        consent: settings.consent,
        sessionId: settings.sessionId,
        apiKeyId: settings.apiKeyId,
        signal: settings.signal,
        kind: 'ensemble',
        parentId: settings.runId,
      });
      if (result.text.trim() === '')
        throw new ConclaveError('upstream', `${result.model} returned an empty answer.`, {
          model: result.model,
        });
      return {
        model: result.model,
        role,
        stage,
        ok: true,
        text: result.text,
        latencyMs: result.latencyMs,
        usage: result.usage,
        costUsd: result.costUsd,
        requestId: result.id,
      };
    } catch (error) {
      const failure =
        error instanceof ConclaveError
          ? error
          : new ConclaveError('internal', String(error), { cause: error });
      return {
        model,
        role,
        stage,
        ok: false,
        text: '',
        error: { kind: failure.kind, message: failure.message },
        latencyMs: Date.now() - startedAt,
        usage: ZERO_USAGE,
        costUsd: 0,
      };
    }
  };
}
