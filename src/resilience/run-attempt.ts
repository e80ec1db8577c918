import type { LanguageModelV4Prompt, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { ANSWER_PART_TYPES, type ChatRequest } from '../core/chat-request.js';
import { ConclaveError } from '../core/conclave-error.js';
import type { ModelProfile } from '../core/model-profile.js';
import { mapProviderError } from '../providers/map-provider-error.js';
import type { Deadline } from './deadline.js';
import type { ExecutorDependencies } from './executor-types.js';
import type { StreamAccumulator } from './stream-accumulator.js';

export interface AttemptContext {
  dependencies: ExecutorDependencies;
  request: ChatRequest;
  deadline: Deadline;
}

/** Thrown by an attempt: the mapped error and what the attempt had streamed before it failed. */
export class AttemptFailed extends Error {
  constructor(
    readonly error: ConclaveError,
    readonly accumulator: StreamAccumulator,
  ) {
    super(error.message);
  }
}

/**
 * One call to one model: the attempt timer, a watchdog for the first token and for stalls, error parts and
 * truncated streams turned into failures. Hands each part the caller may forward to `onPart` as it arrives
 * (a callback, not a generator: no promise round trip per part).
 */
export async function runAttempt(
  { dependencies, request, deadline }: AttemptContext,
  profile: ModelProfile,
  prompt: LanguageModelV4Prompt,
  accumulator: StreamAccumulator,
  onPart: (part: LanguageModelV4StreamPart) => void,
): Promise<void> {
  const { timeouts } = dependencies;
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
  // An abort (timeout, deadline, client gone) cancels the reader: a pending read settles at once as done, and
  // the loop below turns that into the abort's reason (no race per read).
  controller.signal.addEventListener(
    'abort',
    () => {
      reader?.cancel(controller.signal.reason).catch(() => undefined);
    },
    { once: true },
  );
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
    const aborted = () =>
      new AttemptFailed(toConclaveError(controller.signal.reason, profile, deadline.signal), accumulator);
    while (true) {
      if (controller.signal.aborted) throw aborted();
      const next = await reader.read().catch((error: unknown) => {
        throw controller.signal.aborted
          ? aborted()
          : new AttemptFailed(toConclaveError(error, profile, deadline.signal), accumulator);
      });
      if (controller.signal.aborted) throw aborted();
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
      if (ANSWER_PART_TYPES.has(part.type)) onPart(part);
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
      toConclaveError(controller.signal.aborted ? controller.signal.reason : error, profile, deadline.signal),
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

export function toConclaveError(error: unknown, profile: ModelProfile, deadline: AbortSignal): ConclaveError {
  if (error instanceof ConclaveError) return error;
  if (deadline.aborted && deadline.reason instanceof ConclaveError) return deadline.reason;
  return mapProviderError(error, { provider: profile.provider, model: profile.id });
}
