import { randomBytes } from 'node:crypto';
import type { ChatStreamPart } from '../../core/chat-request.js';
import { ConclaveError } from '../../core/conclave-error.js';
import { createEventChannel } from '../../core/event-channel.js';
import type { OrchestrationContext } from '../orchestration-context.js';
import { createAnswerSimilarity } from './answer-similarity.js';
import { buildRun, failedRun } from './build-run.js';
import { describePlan } from './describe-plan.js';
import { embedderOf } from './embedder-of.js';
import type { EnsembleInput } from './ensemble-input.js';
import type { EnsembleRun } from './ensemble-run.js';
import { createEnsembleStore } from './ensemble-store.js';
import type { MemberCaller, MemberReply } from './ensemble-types.js';
import { learnFromEnsemble } from './learn-from-ensemble.js';
import { createLiveCaller } from './live-caller.js';
import { type EnsemblePlan, resolveEnsemble } from './resolve-ensemble.js';
import { runStrategy } from './strategies/run-strategy.js';
import type { StrategyContext } from './strategies/strategy-context.js';

export interface EnsembleExecution {
  id: string;
  plan: EnsemblePlan;
  /** Progress parts, then the final answer's text; the run advances as these are pulled. */
  parts: AsyncIterable<ChatStreamPart>;
  /** The whole run, recorded in the store, once `parts` is drained. */
  run: Promise<EnsembleRun>;
}

/**
 * Starts an ensemble run. Input is validated and the plan (strategy, members, judge, stages) resolved
 * synchronously, so bad input throws before any model is called; the members are asked as `parts` is pulled.
 */
export function startEnsemble(context: OrchestrationContext, input: EnsembleInput): EnsembleExecution {
  const plan = resolveEnsemble(context, input);
  const settings = context.config.ensemble;
  const similarity = createAnswerSimilarity(
    settings.similarity,
    input.embed ?? embedderOf(context, settings),
  );
  const id = `ensemble-${randomBytes(9).toString('base64url')}`;
  const identity = { id, createdAt: Date.now(), sessionId: input.sessionId };
  const queue = createEventChannel<ChatStreamPart>();
  const calls: MemberReply[] = [];
  const live = createLiveCaller(context, {
    runId: id,
    consent: input.consent,
    localOnly: input.localOnly,
    sessionId: input.sessionId,
    apiKeyId: input.apiKeyId,
    signal: input.signal,
    options: {
      maxOutputTokens: input.options?.maxOutputTokens,
      temperature: input.options?.temperature,
      topP: input.options?.topP,
    },
  });
  const call: MemberCaller = async (request) => {
    const reply = await live(request);
    calls.push(reply);
    return reply;
  };
  const strategyContext: StrategyContext = {
    ...plan,
    call,
    similarity: similarity.similarity,
    sameAnswer: similarity.sameAnswer,
    prepareSimilarity: similarity.prepare,
    maxChars: settings.judge.maxChars,
    progress: (stage, detail, data) =>
      queue.push({ type: 'conclave-progress', stage: `ensemble:${stage}`, detail, data }),
  };
  const store = createEnsembleStore(context.database);
  const { promise: result, resolve: resolveRun, reject: rejectRun } = Promise.withResolvers<EnsembleRun>();
  result.catch(() => undefined);

  async function execute(): Promise<EnsembleRun> {
    try {
      const outcome = await runStrategy(plan.strategy, strategyContext);
      const run = buildRun(identity, plan, outcome);
      run.totals.costUsd += similarity.costUsd();
      store.record(run, plan.conversation, () =>
        learnFromEnsemble(
          context.training,
          run,
          outcome,
          plan.conversation,
          input.collect ?? settings.collect,
        ),
      );
      return run;
    } catch (error) {
      const failure =
        error instanceof ConclaveError
          ? error
          : new ConclaveError('internal', String(error), { cause: error });
      try {
        store.record(
          failedRun(identity, plan, calls, { kind: failure.kind, message: failure.message }),
          plan.conversation,
        );
      } catch {
        // The original failure is the one to report; a run that cannot be written is simply not recorded.
      }
      throw failure;
    }
  }

  async function* parts(): AsyncGenerator<ChatStreamPart> {
    const described = describePlan(plan);
    queue.push({
      type: 'conclave-progress',
      stage: 'ensemble:plan',
      detail: `${described.headline} ${described.details}`,
      data: {
        event: 'plan',
        headline: described.headline,
        runId: id,
        strategy: plan.strategy,
        taskType: plan.taskType,
        members: plan.members,
      },
    });
    const running = execute().finally(() => queue.close());
    running.then(resolveRun, rejectRun);
    yield* queue.drain();
    const run = await running;
    yield { type: 'text-start', id: 'ensemble' };
    yield { type: 'text-delta', id: 'ensemble', delta: run.answer };
    yield { type: 'text-end', id: 'ensemble' };
  }

  return { id, plan, parts: parts(), run: result };
}
