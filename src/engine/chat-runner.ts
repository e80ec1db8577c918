import type { ChatRequest, ChatResult, ChatStreamPart } from '../core/chat-request.js';
import { ConclaveError } from '../core/conclave-error.js';
import { linkSignals } from '../core/link-signals.js';
import { requestId } from '../core/request-id.js';
import type { ChatStream } from '../orchestration/orchestration-context.js';
import { guardRequest } from '../privacy/guard-request.js';
import { warningLabels } from '../privacy/warning-labels.js';
import { execute, executeStream } from '../resilience/execute-stream.js';
import type { ExecutionInput, ExecutionOutcome, ExecutorDependencies } from '../resilience/executor-types.js';
import { promptText } from '../routing/classify/prompt-text.js';
import type { Router } from '../routing/create-router.js';
import type { RequestLog } from '../store/request-log.js';
import { failureRecord, successRecord, toChatResult } from './chat-result.js';
import type { ModelRegistry } from './model-registry.js';

export type { ChatStream } from '../orchestration/orchestration-context.js';

export interface ChatRunnerOptions {
  registry: ModelRegistry;
  router: Router;
  requestLog: RequestLog;
  privacy: { secretScan: boolean; onSecret: 'block' | 'redact'; allowExternal: boolean };
  executor: () => ExecutorDependencies;
  /** Called after every recorded outcome (the router's evidence cache listens). */
  onRecorded?: () => void;
}

/**
 * decide → guard → execute → record for one request. Routing and guard errors throw synchronously (so the
 * gateway can answer 4xx before streaming). A stream starts executing when the caller first pulls `parts`;
 * `generate` runs the executor directly, without a stream of parts.
 */
export function createChatRunner({
  registry,
  router,
  requestLog,
  privacy,
  executor,
  onRecorded,
}: ChatRunnerOptions) {
  /** Routing and the privacy guard, synchronous; a refusal is logged and thrown before any model is called. */
  function begin(input: ChatRequest) {
    const id = requestId('chatcmpl');
    const startedAt = Date.now();
    let guarded: ReturnType<typeof guardRequest>;
    try {
      guarded = guardRequest(input, router.decide(input), registry.profile, privacy);
    } catch (error) {
      // Refused before any model was called (unknown model, no eligible model, consent, secret): still logged.
      if (error instanceof ConclaveError)
        requestLog.append(failureRecord(id, input, undefined, error, startedAt, undefined));
      throw error;
    }
    const { decision, request } = guarded;
    const allowExternal = privacy.allowExternal || request.consent === true;
    const execution: ExecutionInput = {
      request,
      decision,
      largerContextModels: (minimum, exclude) =>
        registry
          .profiles()
          .filter(
            (profile) => profile.available && profile.contextWindow >= minimum && !exclude.has(profile.id),
          )
          .filter((profile) => profile.location === 'local' || allowExternal)
          .filter((profile) => !profile.supports.embeddings)
          .sort((left, right) => left.contextWindow - right.contextWindow)
          .slice(0, 3)
          .map((profile) => profile.id),
    };
    return {
      id,
      decision,
      input: execution,
      /** Records the outcome as the request's result. */
      succeed(outcome: ExecutionOutcome): ChatResult {
        const labels = warningLabels(
          decision.taskClass,
          promptText(request.prompt).lastUser,
          outcome.profile,
        );
        const chatResult = toChatResult(id, decision, outcome, [...guarded.warnings, ...labels]);
        requestLog.append(successRecord(request, chatResult, startedAt, guarded.loggablePrompt));
        onRecorded?.();
        return chatResult;
      },
      /** Records the failure and returns it as a ConclaveError. */
      fail(error: unknown): ConclaveError {
        const conclaveError =
          error instanceof ConclaveError
            ? error
            : new ConclaveError('internal', String(error), { cause: error });
        requestLog.append(
          failureRecord(id, request, decision, conclaveError, startedAt, guarded.loggablePrompt),
        );
        onRecorded?.();
        return conclaveError;
      },
    };
  }

  function stream(input: ChatRequest): ChatStream {
    const run = begin(input);
    const { id, decision } = run;
    const {
      promise: result,
      resolve: resolveResult,
      reject: rejectResult,
    } = Promise.withResolvers<ChatResult>();
    result.catch(() => undefined);

    let consumed = false;
    const claim = () => {
      if (consumed) throw new Error('This stream is already being read (parts or subscribe, not both).');
      consumed = true;
    };

    async function* parts(): AsyncGenerator<ChatStreamPart> {
      claim();
      let settled = false;
      yield { type: 'conclave-decision', decision };
      try {
        await registry.prepare(decision.targets);
        const outcome = yield* executeStream(executor(), run.input);
        settled = true;
        resolveResult(run.succeed(outcome));
      } catch (error) {
        settled = true;
        const conclaveError = run.fail(error);
        rejectResult(conclaveError);
        throw conclaveError;
      } finally {
        // The consumer stopped reading (client went away): the executor was aborted; record it as cancelled.
        if (!settled) {
          rejectResult(
            run.fail(
              new ConclaveError('cancelled', 'The client stopped reading the stream before it finished.'),
            ),
          );
        }
      }
    }
    function subscribe(sink: (part: ChatStreamPart) => void, stop?: AbortSignal): void {
      claim();
      sink({ type: 'conclave-decision', decision });
      const { request } = run.input;
      const linked = stop ? linkSignals(request.signal, stop) : undefined;
      const execution = linked ? { ...run.input, request: { ...request, signal: linked.signal } } : run.input;
      (async () => {
        await registry.prepare(decision.targets);
        return execute(executor(), execution, sink);
      })()
        .finally(() => linked?.dispose())
        .then(
          (outcome) => {
            try {
              resolveResult(run.succeed(outcome));
            } catch (error) {
              rejectResult(run.fail(error));
            }
          },
          (error: unknown) => rejectResult(run.fail(error)),
        );
    }

    // The generator is made only for a caller that reads `parts` (the gateway subscribes instead).
    let partsIterator: AsyncGenerator<ChatStreamPart> | undefined;
    return {
      id,
      decision,
      get parts() {
        partsIterator ??= parts();
        return partsIterator;
      },
      result,
      subscribe,
    };
  }

  /** The whole answer at once: the executor runs without a stream of parts to pull (`onStart` gets the id). */
  async function generate(input: ChatRequest, onStart?: (id: string) => void): Promise<ChatResult> {
    const run = begin(input);
    onStart?.(run.id);
    try {
      await registry.prepare(run.decision.targets);
      return run.succeed(await execute(executor(), run.input, ignore));
    } catch (error) {
      throw run.fail(error);
    }
  }

  return { stream, generate };
}

function ignore(): void {}
