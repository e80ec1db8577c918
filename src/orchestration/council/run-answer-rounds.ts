import type { ChatStreamPart } from '../../core/chat-request.js';
import { ConclaveError } from '../../core/conclave-error.js';
import type { OrchestrationContext } from '../orchestration-context.js';
import { type CallSettings, callMember } from './call-member.js';
import type { CouncilBudget } from './council-budget.js';
import { progress } from './council-progress.js';
import { answerPrompt, type PromptContext, revisionPrompt } from './council-prompts.js';
import type { CouncilCall, CouncilRun } from './council-run.js';
import { formatCall } from './format-call.js';
import type { CouncilPlan } from './resolve-council.js';
import { runParallel } from './run-parallel.js';

/**
 * Stage 1 and the debate rounds. Every member answers in parallel; from round 2 on each sees the others'
 * previous answers and revises. A member that fails in round 1 is dropped (the run needs two answers to go
 * on); one that fails later keeps its last answer. Returns each member's latest successful answer.
 */
export async function* runAnswerRounds(
  context: OrchestrationContext,
  {
    plan,
    run,
    settings,
    budget,
    prompt,
  }: {
    plan: CouncilPlan;
    run: CouncilRun;
    settings: CallSettings;
    budget: CouncilBudget;
    prompt: PromptContext;
  },
): AsyncGenerator<ChatStreamPart, Map<string, CouncilCall>> {
  const latest = new Map<string, CouncilCall>();
  for (let round = 1; round <= plan.rounds; round += 1) {
    const active = round === 1 ? plan.members : plan.members.filter((member) => latest.has(member.archetype));
    if (round > 1) {
      const stop = budget.exceeded();
      if (stop) {
        run.status = 'stopped';
        run.skipped.push({
          stage: 'debate',
          because: `${stop}; stopped after round ${round - 1} of ${plan.rounds}`,
        });
        yield progress('budget', `Budget: ${stop} — no debate round ${round}.`, {
          event: 'stopped',
          before: `round ${round}`,
          reason: stop,
        });
        break;
      }
    }
    const calls = yield* runParallel(
      active.map((member) => async (emit: (part: ChatStreamPart) => void) => {
        const archetype = plan.archetypes.get(member.archetype)!;
        const own = latest.get(member.archetype);
        const others = plan.members
          .filter((other) => other.archetype !== member.archetype && latest.has(other.archetype))
          .map((other) => ({ title: other.title, text: latest.get(other.archetype)!.text }));
        emit(
          progress(
            'answer',
            `${member.archetype} → ${member.model}: answering (round ${round}; ${member.why})`,
            {
              event: 'started',
              round,
              member: member.archetype,
              model: member.model,
              why: member.why,
            },
          ),
        );
        const call = await callMember(
          context,
          {
            stage: 'answer',
            round,
            member: member.archetype,
            model: member.model,
            prompt:
              round === 1 || !own
                ? answerPrompt(archetype, prompt)
                : revisionPrompt(archetype, prompt, round, own.text, others),
          },
          settings,
        );
        emit(
          progress('answer', formatCall(call), {
            event: call.ok ? 'answered' : 'failed',
            round,
            member: call.member,
            model: call.model,
            latencyMs: call.latencyMs,
            usage: call.usage,
            costUsd: call.costUsd,
            error: call.error,
          }),
        );
        return call;
      }),
    );
    budget.add(calls);
    run.rounds.push({ round, calls });
    for (const call of calls) {
      if (call.ok) latest.set(call.member, call);
      else if (round === 1)
        run.dropped.push({ member: call.member, because: `${call.error?.kind}: ${call.error?.message}` });
      else
        run.warnings.push(
          `${call.member} failed in round ${round} (${call.error?.message}); its round ${latest.get(call.member)?.round} answer stands.`,
        );
    }
    if (round === 1 && latest.size < 2) throw tooFewAnswers(calls, latest.size, plan.members.length);
    yield progress(
      'answer',
      `Round ${round}: ${calls.filter((call) => call.ok).length} of ${calls.length} members answered.`,
      {
        event: 'round-complete',
        round,
        answers: plan.members
          .filter((member) => latest.has(member.archetype))
          .map((member) => {
            const call = latest.get(member.archetype)!;
            return {
              member: member.archetype,
              title: member.title,
              model: call.model,
              round: call.round,
              text: call.text,
            };
          }),
      },
    );
  }
  return latest;
}

/** Kinds that are the caller's to fix (consent, secrets, keys): reported as such, not as a generic failure. */
const CALLER_KINDS = new Set(['consent-required', 'secret-detected', 'forbidden', 'auth']);

function tooFewAnswers(calls: readonly CouncilCall[], answered: number, total: number): ConclaveError {
  const failed = calls.filter((call) => !call.ok);
  const message = `Only ${answered} of ${total} council members answered; a council needs at least two.`;
  const kinds = new Set(failed.map((call) => call.error?.kind));
  const [kind] = kinds;
  if (kinds.size === 1 && kind && CALLER_KINDS.has(kind))
    return new ConclaveError(kind, `${message} ${failed[0]!.error!.message}`);
  return new ConclaveError('all-failed', message, {
    attempts: failed.map((call) => ({
      model: call.model,
      kind: call.error?.kind ?? 'upstream',
      message: `${call.member}: ${call.error?.message}`,
    })),
  });
}
