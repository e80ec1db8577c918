import { randomBytes, randomInt } from 'node:crypto';
import type { ChatStreamPart } from '../../core/chat-request.js';
import { ConclaveError } from '../../core/conclave-error.js';
import { createSeededRandom } from '../../core/sampling.js';
import { ZERO_USAGE } from '../../core/usage.js';
import type { OrchestrationContext } from '../orchestration-context.js';
import { type CallSettings, toConclaveError } from './call-member.js';
import { createCouncilBudget } from './council-budget.js';
import { progress } from './council-progress.js';
import type { PromptContext } from './council-prompts.js';
import type { CouncilCall, CouncilRun } from './council-run.js';
import { createCouncilStore } from './council-store.js';
import { finishRun } from './finish-run.js';
import { learnFromCouncil } from './learn-from-council.js';
import { type CouncilInput, type CouncilPlan, resolveCouncil } from './resolve-council.js';
import { runAnswerRounds } from './run-answer-rounds.js';
import { runReviewStage } from './run-review-stage.js';
import { runSynthesisStage } from './run-synthesis-stage.js';

export interface CouncilExecution {
  id: string;
  plan: CouncilPlan;
  /** Progress events, then the final answer's text parts; the run advances as these are pulled. */
  parts: AsyncIterable<ChatStreamPart>;
  /** The whole run, recorded in the store, once `parts` is drained. */
  run: Promise<CouncilRun>;
}

/**
 * Starts a council run. Input is validated and members, models and chairman are resolved synchronously, so bad
 * input throws before any model is called; the stages run as the caller pulls `parts`.
 */
export function startCouncil(context: OrchestrationContext, input: CouncilInput): CouncilExecution {
  const plan = resolveCouncil(context, input);
  const store = createCouncilStore(context.database);
  const id = `council-${randomBytes(9).toString('base64url')}`;
  const seed = input.seed ?? randomInt(2 ** 31);
  const history = input.history ?? (input.sessionId ? store.history(input.sessionId) : []);
  const prompt: PromptContext = { question: input.question, history };
  const run: CouncilRun = {
    id,
    status: 'ok',
    preset: plan.preset,
    sessionId: input.sessionId,
    question: input.question,
    history,
    day: plan.day,
    seed,
    createdAt: Date.now(),
    members: plan.members,
    options: { review: plan.review, rounds: plan.rounds, budget: plan.budget },
    rounds: [],
    dropped: [...plan.dropped],
    skipped: [],
    final: { text: '', source: 'first-answer', member: '', model: '' },
    totals: { models: [], calls: 0, averageLatencyMs: 0, usage: ZERO_USAGE, costUsd: 0, durationMs: 0 },
    learning: { preferencePairs: [] },
    warnings: [],
  };
  const settings: CallSettings = {
    runId: id,
    consent: input.consent,
    sessionId: input.sessionId,
    apiKeyId: input.apiKeyId,
    signal: input.signal,
    localOnly: input.localOnly,
    options: {
      maxOutputTokens: input.options?.maxOutputTokens,
      temperature: input.options?.temperature,
      topP: input.options?.topP,
    },
  };
  const { promise: result, resolve: resolveRun, reject: rejectRun } = Promise.withResolvers<CouncilRun>();
  result.catch(() => undefined);

  async function* parts(): AsyncGenerator<ChatStreamPart> {
    const budget = createCouncilBudget(plan.budget);
    let settled = false;
    let answers = new Map<string, CouncilCall>();
    try {
      yield progress('council', describePlan(plan, run), {
        event: 'plan',
        runId: id,
        preset: plan.preset,
        day: plan.day,
        members: plan.members,
        dropped: plan.dropped,
        chairman: plan.chairman,
        review: plan.review,
        rounds: plan.rounds,
        budget: plan.budget,
        seed,
      });
      answers = yield* runAnswerRounds(context, { plan, run, settings, budget, prompt });
      if (!plan.review)
        run.skipped.push({ stage: 'review', because: 'peer review is off (--no-review / review: false)' });
      else if (yield* stopFor('review')) {
        // Skipped: the reason is in run.skipped.
      } else {
        run.review = yield* runReviewStage(context, {
          members: plan.members,
          answers,
          settings,
          prompt,
          random: createSeededRandom(seed),
          archetypePrompt: (member) => plan.archetypes.get(member)!,
        });
        budget.add(run.review.reviews.map((review) => review.call));
      }
      if (!(yield* stopFor('synthesis'))) {
        const call = yield* runSynthesisStage(context, {
          chairman: plan.chairman,
          members: plan.members,
          answers,
          aggregate: run.review?.aggregate,
          settings,
          prompt,
        });
        budget.add([call]);
        run.synthesis = { chairman: plan.chairman.model, why: plan.chairman.why, call };
        if (!call.ok) {
          const because = `the chairman (${call.model}) failed: ${call.error?.message}`;
          run.skipped.push({ stage: 'synthesis', because });
          run.warnings.push(`${because}; the top-ranked answer is used instead.`);
          yield progress('synthesis', `${because} — answering with the top-ranked answer instead`, {
            event: 'failed',
            error: call.error,
          });
        }
      }
      finishRun(run, answers, budget.elapsedMs());
      store.record(run, () => {
        run.learning = learnFromCouncil(context.training, run, answers, plan.taskClass);
      });
      settled = true;
      resolveRun(run);
      // Without a synthesis the final answer is an existing member answer: recorded first, then sent.
      if (run.synthesis?.call.ok !== true) {
        const { source, member, model } = run.final;
        yield progress('council', `Final answer: ${member}'s answer on ${model} (${source}, no synthesis)`, {
          event: 'final-answer',
          source,
          member,
          model,
        });
        yield* textParts(run.final.text);
      }
    } catch (error) {
      settled = true;
      const conclaveError = toConclaveError(error);
      run.status = 'error';
      run.error = { kind: conclaveError.kind, message: conclaveError.message };
      finishRun(run, answers, budget.elapsedMs());
      try {
        store.record(run);
      } catch {
        // The original failure is the one to report; a run that cannot be written is simply not recorded.
      }
      rejectRun(conclaveError);
      throw conclaveError;
    } finally {
      if (!settled)
        rejectRun(new ConclaveError('cancelled', 'The council run was stopped before it finished.'));
    }

    /** Records and announces a budget stop before `stage`; true when the stage must not start. */
    async function* stopFor(stage: 'review' | 'synthesis'): AsyncGenerator<ChatStreamPart, boolean> {
      const reason = budget.exceeded();
      if (!reason) return false;
      run.status = 'stopped';
      run.skipped.push({ stage, because: reason });
      yield progress('budget', `Budget: ${reason} — stopping before ${stage}.`, {
        event: 'stopped',
        before: stage,
        reason,
      });
      return true;
    }
  }

  return { id, plan, parts: parts(), run: result };
}

function describePlan(plan: CouncilPlan, run: CouncilRun): string {
  const members = plan.members.map((member) => `${member.archetype} → ${member.model}`).join(', ');
  return `Council${plan.preset ? ` ${plan.preset}` : ''} for ${run.day.date} (day ${run.day.dayOfYear}): ${members}; chairman ${plan.chairman.model}; review ${plan.review ? 'on' : 'off'}; ${plan.rounds} round${plan.rounds === 1 ? '' : 's'}`;
}

async function* textParts(text: string): AsyncGenerator<ChatStreamPart> {
  yield { type: 'text-start', id: 'council' };
  yield { type: 'text-delta', id: 'council', delta: text };
  yield { type: 'text-end', id: 'council' };
}
