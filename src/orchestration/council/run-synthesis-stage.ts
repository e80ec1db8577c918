import type { ChatStreamPart } from '../../core/chat-request.js';
import { ConclaveError } from '../../core/conclave-error.js';
import type { OrchestrationContext } from '../orchestration-context.js';
import {
  type CallSettings,
  type CallSpec,
  callFromError,
  callFromResult,
  memberRequest,
} from './call-member.js';
import type { ChairmanChoice } from './choose-chairman.js';
import { progress } from './council-progress.js';
import { type PromptContext, synthesisPrompt } from './council-prompts.js';
import type { AggregateEntry, CouncilCall, CouncilMember } from './council-run.js';

const FORWARDED = new Set([
  'text-start',
  'text-delta',
  'text-end',
  'reasoning-start',
  'reasoning-delta',
  'reasoning-end',
]);

/**
 * Stage 3: the chairman reads every answer and the aggregate ranking and writes the final answer, streamed as
 * it is produced. A chairman that fails before its first token comes back as a failed call (the run falls back
 * to the top-ranked answer); one that fails after it has started answering fails the run, because a truncated
 * answer must never pass for a complete one.
 */
export async function* runSynthesisStage(
  context: OrchestrationContext,
  {
    chairman,
    members,
    answers,
    aggregate,
    settings,
    prompt,
  }: {
    chairman: ChairmanChoice;
    members: readonly CouncilMember[];
    answers: ReadonlyMap<string, CouncilCall>;
    aggregate: readonly AggregateEntry[] | undefined;
    settings: CallSettings;
    prompt: PromptContext;
  },
): AsyncGenerator<ChatStreamPart, CouncilCall> {
  const titles = new Map(members.map((member) => [member.archetype, member.title]));
  const spec: CallSpec = {
    stage: 'synthesis',
    round: 1,
    member: 'chairman',
    model: chairman.model,
    prompt: synthesisPrompt(
      prompt,
      members
        .filter((member) => answers.has(member.archetype))
        .map((member) => ({ title: member.title, text: answers.get(member.archetype)!.text })),
      aggregate,
      (member) => titles.get(member) ?? member,
    ),
  };
  yield progress('synthesis', `chairman → ${chairman.model}: synthesizing (${chairman.why})`, {
    event: 'started',
    model: chairman.model,
    why: chairman.why,
  });
  const startedAt = Date.now();
  let answering = false;
  try {
    const running = context.stream(memberRequest(spec, settings));
    for await (const part of running.parts) {
      if (FORWARDED.has(part.type)) {
        if (part.type === 'text-delta' && part.delta !== '') answering = true;
        yield part;
      } else if (part.type === 'conclave-fallback') {
        yield progress(
          'synthesis',
          `chairman: ${part.from} failed (${part.reason}); continuing on ${part.to}`,
          {
            event: 'fallback',
            from: part.from,
            to: part.to,
          },
        );
      }
    }
    const result = await running.result;
    if (result.text.trim() === '')
      throw new ConclaveError('upstream', `${result.model} returned an empty synthesis.`, {
        model: result.model,
      });
    return callFromResult(spec, result);
  } catch (error) {
    if (answering) throw error;
    return callFromError(spec, error, startedAt);
  }
}
