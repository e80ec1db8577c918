import type { LanguageModelV4Prompt, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import type { AttemptSummary, ChatStreamPart } from '../core/chat-request.js';
import { ConclaveError } from '../core/conclave-error.js';
import type { ModelProfile } from '../core/model-profile.js';
import { mapProviderError } from '../providers/map-provider-error.js';
import { countText } from '../routing/count-tokens.js';
import { retryDelayMs } from './backoff.js';
import { createDeadline } from './deadline.js';
import type { ExecutionInput, ExecutionOutcome, ExecutorDependencies } from './executor-types.js';
import { classifyFailure } from './failure-policy.js';
import { sleep } from './read-with-timeout.js';
import { createStreamAccumulator, type StreamAccumulator } from './stream-accumulator.js';

class AttemptFailed extends Error {
  constructor(
    readonly error: ConclaveError,
    readonly accumulator: StreamAccumulator,
  ) {
    super(error.message);
  }
}

const PASS_THROUGH = new Set([
  'text-start',
  'text-delta',
  'text-end',
  'reasoning-start',
  'reasoning-delta',
  'reasoning-end',
  'tool-input-start',
  'tool-input-delta',
  'tool-input-end',
  'tool-call',
  'source',
  'file',
]);

/**
 * Runs a routed request: attempts, retries with backoff, fallbacks, circuit breakers, timeouts and
 * mid-stream failover. Yields the answering model's stream parts interleaved with Conclave's own events.
 */
export async function* executeStream(
  dependencies: ExecutorDependencies,
  input: ExecutionInput,
): AsyncGenerator<ChatStreamPart, ExecutionOutcome> {
  const now = dependencies.now ?? Date.now;
  const { request, decision } = input;
  const { timeouts, retry } = dependencies;
  const deadline = createDeadline(timeouts.deadlineMs, request.signal, now);
  const startedAt = now();
  const attempts: AttemptSummary[] = [];
  const fallbacks: string[] = [];
  const warnings: string[] = [];
  const tried = new Set<string>();
  const targets = [...decision.targets];
  let emittedText = '';
  let emittedToolCall = false;
  let ttftMs: number | undefined;
  let lastError: ConclaveError | undefined;

  try {
    for (let index = 0; index < targets.length; index += 1) {
      const profile = dependencies.profile(targets[index]!);
      if (!profile) continue;
      tried.add(profile.id);
      const continuing = emittedText.length > 0;
      if (continuing && (!profile.supports.prefill || emittedToolCall)) {
        attempts.push(skipped(profile, 'cannot continue a partial answer (no assistant prefill)'));
        continue;
      }
      if (!dependencies.breakers.tryAcquire(profile.id)) {
        attempts.push(skipped(profile, dependencies.breakers.blockReason(profile.id) ?? 'circuit open'));
        continue;
      }
      if (index > 0) {
        const from = targets[index - 1]!;
        fallbacks.push(from);
        yield {
          type: 'conclave-fallback',
          from,
          to: profile.id,
          reason: lastError?.message ?? 'unavailable',
        };
      }
      for (let attempt = 1; ; attempt += 1) {
        if (deadline.expired()) throw deadlineError(timeouts.deadlineMs, attempts, lastError);
        // After a cut, the next attempt continues the partial answer through assistant prefill.
        const prompt: LanguageModelV4Prompt = emittedText
          ? [...request.prompt, { role: 'assistant', content: [{ type: 'text', text: emittedText }] }]
          : request.prompt;
        const continuedFrom = emittedText.length;
        yield { type: 'conclave-attempt', model: profile.id, provider: profile.provider, attempt };
        const attemptStart = now();
        const accumulator = createStreamAccumulator();
        try {
          if (dependencies.limiter) {
            await dependencies.limiter.acquire(
              profile,
              decision.contextTokens,
              deadline.signal,
              deadline.remainingMs(),
            );
          }
          for await (const part of runAttempt(profile, prompt, accumulator)) {
            if (part.type === 'text-delta') emittedText += part.delta;
            if (part.type === 'tool-call') emittedToolCall = true;
            if (ttftMs === undefined && accumulator.contentStarted) ttftMs = now() - startedAt;
            yield part;
          }
          const finish = accumulator.finish!;
          const latencyMs = now() - attemptStart;
          dependencies.breakers.recordSuccess(profile.id);
          dependencies.health.recordSuccess(profile.id, latencyMs, ttftMs);
          attempts.push({ model: profile.id, provider: profile.provider, ok: true, latencyMs, ttftMs });
          const inputTokens = finish.usage.inputTokens.total;
          const outputTokens = finish.usage.outputTokens.total;
          const usageEstimated = inputTokens === undefined || outputTokens === undefined;
          const usage = {
            inputTokens: inputTokens ?? decision.contextTokens,
            outputTokens: outputTokens ?? countText(accumulator.text),
          };
          if (usageEstimated) warnings.push(`${profile.id} did not report token usage; usage is estimated`);
          dependencies.limiter?.settle?.(
            profile,
            decision.contextTokens,
            usage.inputTokens + usage.outputTokens,
          );
          return {
            profile,
            content:
              continuedFrom > 0
                ? [
                    { type: 'text', text: emittedText },
                    ...accumulator.content().filter((part) => part.type !== 'text'),
                  ]
                : accumulator.content(),
            text: emittedText,
            finishReason: finish.reason,
            usage: { ...usage, totalTokens: usage.inputTokens + usage.outputTokens },
            usageEstimated,
            latencyMs: now() - startedAt,
            ttftMs,
            attempts,
            fallbacks,
            startedAt,
            warnings,
          };
        } catch (thrown) {
          const failure =
            thrown instanceof AttemptFailed
              ? thrown.error
              : toConclaveError(thrown, profile, deadline.signal);
          // Whatever the upstream error looks like, a caller that went away means cancelled (no health impact).
          const error =
            request.signal?.aborted && failure.kind !== 'cancelled'
              ? new ConclaveError('cancelled', 'The request was cancelled by the client.', {
                  retryable: false,
                  cause: failure,
                })
              : failure;
          lastError = error;
          const latencyMs = now() - attemptStart;
          attempts.push({
            model: profile.id,
            provider: profile.provider,
            ok: false,
            errorKind: error.kind,
            status: error.status,
            message: error.message,
            latencyMs,
          });
          const policy = classifyFailure(error);
          if (policy.countsAgainstHealth) {
            dependencies.breakers.recordFailure(profile.id);
            dependencies.health.recordFailure(profile.id);
          } else {
            dependencies.breakers.recordSuccess(profile.id);
          }
          if (policy.fatal || deadline.signal.aborted)
            throw error.kind === 'cancelled' || policy.fatal
              ? error
              : deadlineError(timeouts.deadlineMs, attempts, error);
          const midStream = emittedText.length > 0 || emittedToolCall;
          const canRetry =
            policy.retrySameModel &&
            attempt < retry.maxAttempts &&
            (!midStream || (profile.supports.prefill && !emittedToolCall)) &&
            dependencies.retryBudget.tryAcquire(profile.id);
          const delay = retryDelayMs(attempt, { ...retry, random: dependencies.random }, error.retryAfterMs);
          const willRetry = canRetry && delay < deadline.remainingMs();
          yield {
            type: 'conclave-attempt-failed',
            model: profile.id,
            errorKind: error.kind,
            message: error.message,
            willRetry,
          };
          if (willRetry) {
            await sleep(delay, deadline.signal).catch(() => undefined);
            continue;
          }
          if (error.kind === 'context-length') {
            const larger = input.largerContextModels?.(profile.contextWindow + 1, tried) ?? [];
            const remaining = targets
              .slice(index + 1)
              .filter((id) => (dependencies.profile(id)?.contextWindow ?? 0) > profile.contextWindow);
            targets.splice(index + 1, targets.length, ...new Set([...remaining, ...larger]));
            if (targets.length === index + 1) throw error;
          }
          break;
        }
      }
    }
  } finally {
    deadline.dispose();
  }
  if (emittedText.length > 0 || emittedToolCall) {
    const error = new ConclaveError(
      'upstream',
      `The answer was cut after ${emittedText.length} characters and no fallback could continue it: ${lastError?.message ?? 'stream failed'}`,
      { attempts: failures(attempts) },
    );
    yield { type: 'error', error };
    throw error;
  }
  throw allFailed(attempts, lastError);

  async function* runAttempt(
    profile: ModelProfile,
    prompt: LanguageModelV4Prompt,
    accumulator: StreamAccumulator,
  ): AsyncGenerator<LanguageModelV4StreamPart> {
    const controller = new AbortController();
    const onDeadline = () => controller.abort(deadline.signal.reason);
    deadline.signal.addEventListener('abort', onDeadline, { once: true });
    const attemptTimer = setTimeout(
      () =>
        controller.abort(
          new ConclaveError('timeout', `${profile.id} did not finish within ${timeouts.attemptMs} ms.`),
        ),
      timeouts.attemptMs,
    );
    let reader: ReadableStreamDefaultReader<LanguageModelV4StreamPart> | undefined;
    let watchdog: NodeJS.Timeout | undefined;
    const abortedPromise = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
    });
    abortedPromise.catch(() => undefined);
    try {
      const model = dependencies.languageModelFor(profile, request);
      const started = await withAbort(
        model.doStream({ ...request.options, prompt, abortSignal: controller.signal }),
        controller.signal,
        Math.min(timeouts.firstTokenMs, deadline.remainingMs()),
        profile,
      );
      reader = started.stream.getReader();
      // One watchdog per attempt (not a timer per chunk): first-token budget, then the stall budget,
      // re-armed on every part; when it fires it aborts the upstream call with a timeout.
      let watchedContent = false;
      const arm = () => {
        const waitMs = Math.max(
          1,
          Math.min(watchedContent ? timeouts.stallMs : timeouts.firstTokenMs, deadline.remainingMs()),
        );
        clearTimeout(watchdog);
        watchdog = setTimeout(() => {
          controller.abort(
            new ConclaveError(
              'timeout',
              watchedContent
                ? `${profile.id} stalled: no data for ${waitMs} ms.`
                : `${profile.id} sent no first token within ${waitMs} ms.`,
              { retryable: true },
            ),
          );
        }, waitMs);
      };
      arm();
      while (true) {
        const next = await Promise.race([reader.read(), abortedPromise]).catch((error: unknown) => {
          throw new AttemptFailed(
            toConclaveError(
              controller.signal.aborted ? controller.signal.reason : error,
              profile,
              deadline.signal,
            ),
            accumulator,
          );
        });
        if (next.done) break;
        const part = next.value;
        if (part.type === 'error') {
          const reason = controller.signal.aborted ? controller.signal.reason : part.error;
          throw new AttemptFailed(toConclaveError(reason, profile, deadline.signal), accumulator);
        }
        accumulator.add(part);
        if (accumulator.contentStarted !== watchedContent) {
          watchedContent = accumulator.contentStarted;
          arm();
        } else {
          watchdog?.refresh();
        }
        if (PASS_THROUGH.has(part.type)) yield part;
      }
      const finish = accumulator.finish;
      // Providers mark a stream that ended without its final event as 'interrupted' (or give no reason):
      // that answer is truncated and must never be reported as complete.
      if (!finish || finish.reason === 'error' || (finish.reason === 'other' && finish.raw === undefined)) {
        throw new AttemptFailed(
          new ConclaveError(
            'upstream',
            `${profile.id}'s stream ended without its final event; the answer is truncated.`,
            {
              provider: profile.provider,
              model: profile.id,
              retryable: true,
            },
          ),
          accumulator,
        );
      }
    } catch (error) {
      if (error instanceof AttemptFailed) throw error;
      throw new AttemptFailed(
        toConclaveError(
          controller.signal.aborted ? controller.signal.reason : error,
          profile,
          deadline.signal,
        ),
        accumulator,
      );
    } finally {
      clearTimeout(attemptTimer);
      clearTimeout(watchdog);
      deadline.signal.removeEventListener('abort', onDeadline);
      if (!accumulator.finish) controller.abort(new ConclaveError('cancelled', 'attempt abandoned'));
      reader?.cancel().catch(() => undefined);
    }
  }
}

async function withAbort<T>(
  promise: PromiseLike<T>,
  signal: AbortSignal,
  timeoutMs: number,
  profile: ModelProfile,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ConclaveError('timeout', `${profile.id} sent no response headers within ${timeoutMs} ms.`),
        ),
      timeoutMs,
    );
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function toConclaveError(error: unknown, profile: ModelProfile, deadline: AbortSignal): ConclaveError {
  if (error instanceof ConclaveError) return error;
  if (deadline.aborted && deadline.reason instanceof ConclaveError) return deadline.reason;
  return mapProviderError(error, { provider: profile.provider, model: profile.id });
}

function skipped(profile: ModelProfile, reason: string): AttemptSummary {
  return {
    model: profile.id,
    provider: profile.provider,
    ok: false,
    errorKind: 'unavailable',
    message: reason,
    latencyMs: 0,
  };
}

function failures(attempts: AttemptSummary[]) {
  return attempts
    .filter((attempt) => !attempt.ok)
    .map((attempt) => ({
      model: attempt.model,
      provider: attempt.provider,
      kind: (attempt.errorKind ?? 'upstream') as ConclaveError['kind'],
      message: attempt.message ?? '',
      status: attempt.status,
    }));
}

function allFailed(attempts: AttemptSummary[], lastError: ConclaveError | undefined): ConclaveError {
  const list = failures(attempts);
  const summary = list
    .map((failure) => `${failure.model}: ${failure.kind}${failure.status ? ` ${failure.status}` : ''}`)
    .join('; ');
  if (list.length === 1 && lastError) return lastError;
  return new ConclaveError('all-failed', `Every model failed (${summary || 'no model could be tried'}).`, {
    attempts: list,
    cause: lastError,
    retryAfterMs: lastError?.retryAfterMs,
    hint: lastError?.hint,
  });
}

function deadlineError(
  deadlineMs: number,
  attempts: AttemptSummary[],
  lastError?: ConclaveError,
): ConclaveError {
  return new ConclaveError(
    'timeout',
    `The request exceeded its ${deadlineMs} ms deadline${lastError ? ` (last error: ${lastError.message})` : ''}.`,
    { attempts: failures(attempts), retryable: false },
  );
}
