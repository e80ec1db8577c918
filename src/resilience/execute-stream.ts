import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import type { AttemptSummary, ChatStreamPart } from '../core/chat-request.js';
import { ConclaveError } from '../core/conclave-error.js';
import { createEventChannel } from '../core/event-channel.js';
import { linkSignals } from '../core/link-signals.js';
import type { ModelProfile } from '../core/model-profile.js';
import { countText } from '../routing/count-tokens.js';
import { retryDelayMs } from './backoff.js';
import { createDeadline } from './deadline.js';
import type { ExecutionInput, ExecutionOutcome, ExecutorDependencies } from './executor-types.js';
import { classifyFailure } from './failure-policy.js';
import { sleep } from './read-with-timeout.js';
import { AttemptFailed, runAttempt, toConclaveError } from './run-attempt.js';
import { createStreamAccumulator } from './stream-accumulator.js';

/**
 * Runs a routed request: attempts, retries with backoff, fallbacks, circuit breakers, timeouts and
 * mid-stream failover. Hands the answering model's stream parts, interleaved with Conclave's own events, to
 * `emit` as they happen, and resolves with the outcome. A request whose signal aborts ends as cancelled.
 */
export async function execute(
  dependencies: ExecutorDependencies,
  input: ExecutionInput,
  emit: (part: ChatStreamPart) => void,
): Promise<ExecutionOutcome> {
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
        emit({
          type: 'conclave-fallback',
          from,
          to: profile.id,
          reason: lastError?.message ?? 'unavailable',
        });
      }
      for (let attempt = 1; ; attempt += 1) {
        if (deadline.expired()) throw deadlineError(timeouts.deadlineMs, attempts, lastError);
        // After a cut, the next attempt continues the partial answer through assistant prefill.
        const prompt: LanguageModelV4Prompt = emittedText
          ? [...request.prompt, { role: 'assistant', content: [{ type: 'text', text: emittedText }] }]
          : request.prompt;
        const continuedFrom = emittedText.length;
        emit({
          type: 'conclave-attempt',
          model: profile.id,
          provider: profile.provider,
          location: profile.location,
          attempt,
        });
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
          await runAttempt({ dependencies, request, deadline }, profile, prompt, accumulator, (part) => {
            if (part.type === 'text-delta') emittedText += part.delta;
            if (part.type === 'tool-call') emittedToolCall = true;
            if (ttftMs === undefined && accumulator.contentStarted) ttftMs = now() - startedAt;
            emit(part);
          });
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
          emit({
            type: 'conclave-attempt-failed',
            model: profile.id,
            errorKind: error.kind,
            message: error.message,
            willRetry,
          });
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
    emit({ type: 'error', error });
    throw error;
  }
  throw allFailed(attempts, lastError);
}

/**
 * `execute` as an async generator for consumers that pull parts. The executor runs ahead and parts wait in a
 * queue; a consumer that stops reading cancels the request (recorded as cancelled, no health impact).
 */
export async function* executeStream(
  dependencies: ExecutorDependencies,
  input: ExecutionInput,
): AsyncGenerator<ChatStreamPart, ExecutionOutcome> {
  const stop = new AbortController();
  const { signal } = input.request;
  const linked = linkSignals(signal, stop.signal);
  const request = { ...input.request, signal: linked.signal };
  const channel = createEventChannel<ChatStreamPart>();
  const running = execute(dependencies, { ...input, request }, channel.push).finally(linked.dispose);
  running.then(channel.close, channel.close);
  let finished = false;
  try {
    yield* channel.drain();
    finished = true;
    return await running;
  } finally {
    if (!finished) {
      running.catch(() => undefined);
      stop.abort(new ConclaveError('cancelled', 'The consumer stopped reading the stream.'));
    }
  }
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
