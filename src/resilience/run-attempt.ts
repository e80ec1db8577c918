import type { LanguageModelV4Prompt, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { ANSWER_PART_TYPES, type ChatRequest } from '../core/chat-request.js';
import { ConclaveError } from '../core/conclave-error.js';
import type { ModelProfile } from '../core/model-profile.js';
import { mapProviderError } from '../providers/map-provider-error.js';
import { canPushParts, type PartPush } from '../providers/push-stream-model.js';
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
  let push: PartPush | undefined;
  let watchdog: NodeJS.Timeout | undefined;
  // An abort (timeout, deadline, client gone) stops the stream: a pending read settles at once as done, a push
  // stops, and the code below turns that into the abort's reason (no race per read).
  controller.signal.addEventListener(
    'abort',
    () => {
      push?.cancel();
      reader?.cancel(controller.signal.reason).catch(() => undefined);
    },
    { once: true },
  );
  try {
    const model = dependencies.languageModelFor(profile, request);
    const callOptions = { ...request.options, prompt, abortSignal: controller.signal };
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
    const aborted = () =>
      new AttemptFailed(toConclaveError(controller.signal.reason, profile, deadline.signal), accumulator);
    /** One part of the answer: an error part fails the attempt; content re-arms the watchdog. */
    const take = (part: LanguageModelV4StreamPart) => {
      if (controller.signal.aborted) throw aborted();
      if (part.type === 'error') {
        throw new AttemptFailed(toConclaveError(part.error, profile, deadline.signal), accumulator);
      }
      accumulator.add(part);
      if (accumulator.contentStarted !== watchedContent) {
        watchedContent = accumulator.contentStarted;
        arm();
      } else {
        watchdog?.refresh();
      }
      if (ANSWER_PART_TYPES.has(part.type)) onPart(part);
    };
    if (canPushParts(model)) {
      // The first-token watchdog also bounds the wait for the response headers: a push model stops on the
      // abort signal (no race and no second timer per attempt). Parts are then handed over as the upstream's
      // events arrive (no web stream, no promise per part).
      arm();
      push = await model.pushParts(callOptions, take);
      if (controller.signal.aborted) push.cancel();
      await push.done;
      if (controller.signal.aborted) throw aborted();
    } else {
      const started = await withAbort(
        model.doStream(callOptions),
        controller.signal,
        Math.min(timeouts.firstTokenMs, deadline.remainingMs()),
        profile,
      );
      reader = started.stream.getReader();
      arm();
      while (true) {
        if (controller.signal.aborted) throw aborted();
        const next = await reader.read().catch((error: unknown) => {
          throw controller.signal.aborted
            ? aborted()
            : new AttemptFailed(toConclaveError(error, profile, deadline.signal), accumulator);
        });
        if (next.done) {
          if (controller.signal.aborted) throw aborted();
          break;
        }
        take(next.value);
      }
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
    push?.cancel();
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
