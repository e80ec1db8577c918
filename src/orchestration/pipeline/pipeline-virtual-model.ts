import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import type { ChatRequest, ChatResult, ChatStreamPart } from '../../core/chat-request.js';
import { ConclaveError } from '../../core/conclave-error.js';
import { createEventChannel } from '../../core/event-channel.js';
import type { OrchestrationContext, VirtualModelHandler } from '../orchestration-context.js';
import { runPlannedPipeline } from './execute-with-multi-model.js';
import { pipelineChatResult, pipelineDecision, progressPart } from './pipeline-chat-result.js';
import { type PipelineInput, planPipeline } from './plan-pipeline.js';
import { listPipelines } from './resolve-pipeline.js';

/**
 * Pipeline runs as gateway models `pipeline/<profile>`. The last user message is the task; system messages
 * become `parameters.instructions` and earlier turns `parameters.conversation`. The plan is made before
 * streaming starts, so an unknown profile or a phase without a model is a proper HTTP error.
 */
export function createPipelineVirtualModel(context: OrchestrationContext): VirtualModelHandler {
  return {
    prefix: 'pipeline',
    list: () =>
      listPipelines(context.config).map((pipeline) => ({
        id: `pipeline/${pipeline.name}`,
        description: `${pipeline.description} (${pipeline.phases.map((phase) => phase.name).join(' → ')})`,
      })),
    stream(request, name) {
      const input = pipelineInput(request, name);
      const plan = planPipeline(context, input);
      const decision = pipelineDecision(plan);
      const id = `chatcmpl-${plan.agent}-${Date.now().toString(36)}`;
      const {
        promise: result,
        resolve: resolveResult,
        reject: rejectResult,
      } = Promise.withResolvers<ChatResult>();
      result.catch(() => undefined);

      async function* parts(): AsyncGenerator<ChatStreamPart> {
        const channel = createEventChannel<ChatStreamPart>();
        const controller = new AbortController();
        const onClientAbort = () => controller.abort(request.signal?.reason);
        request.signal?.addEventListener('abort', onClientAbort, { once: true });
        let settled = false;
        const running = runPlannedPipeline(context, plan, {
          ...input,
          signal: controller.signal,
          sessionId: request.sessionId,
          apiKeyId: request.apiKeyId,
          onProgress: (event) => {
            channel.push(progressPart(event));
            // An empty first delta opens the response, so each stage reaches the client as it happens
            // instead of all at once with the answer; a later abort then arrives as an in-stream error.
            if (event.type === 'plan') {
              channel.push({ type: 'text-start', id: 'pipeline' });
              channel.push({ type: 'text-delta', id: 'pipeline', delta: '' });
            }
          },
        });
        running.then(
          () => channel.close(),
          () => channel.close(),
        );
        try {
          yield* channel.drain();
          const run = await running;
          yield { type: 'text-delta', id: 'pipeline', delta: run.finalResult };
          yield { type: 'text-end', id: 'pipeline' };
          settled = true;
          resolveResult({ ...pipelineChatResult(context, run, decision), id });
        } catch (error) {
          settled = true;
          rejectResult(error);
          throw error;
        } finally {
          request.signal?.removeEventListener('abort', onClientAbort);
          if (!settled) {
            // The consumer stopped reading: stop the phases still running.
            controller.abort(new ConclaveError('cancelled', 'The client stopped reading the stream.'));
            rejectResult(new ConclaveError('cancelled', 'The client stopped reading the stream.'));
          }
        }
      }
      return { id, decision, parts: parts(), result };
    },
  };
}

function pipelineInput(request: ChatRequest, name: string): PipelineInput {
  const { task, instructions, conversation } = splitPrompt(request.prompt);
  if (!task)
    throw new ConclaveError('bad-request', `pipeline/${name} needs a user message with the task.`, {
      param: 'messages',
      hint: 'Send the task as the last user message.',
    });
  const parameters: Record<string, unknown> = {};
  if (instructions) parameters.instructions = instructions;
  if (conversation) parameters.conversation = conversation;
  const { localOnly, allow, deny, licenses, maxCostUsd } = request.routing ?? {};
  return {
    agent: name,
    task,
    parameters,
    consent: request.consent,
    routing: Object.fromEntries(
      Object.entries({ localOnly, allow, deny, licenses, maxCostUsd }).filter(
        ([, value]) => value !== undefined,
      ),
    ),
  };
}

function splitPrompt(prompt: LanguageModelV4Prompt) {
  const instructions: string[] = [];
  const turns: string[] = [];
  for (const message of prompt) {
    if (message.role === 'system') {
      instructions.push(message.content);
      continue;
    }
    const text = message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
    turns.push(`${message.role}: ${text}`);
  }
  const last = prompt.filter((message) => message.role === 'user').at(-1);
  const task =
    last?.role === 'user'
      ? last.content
          .map((part) => (part.type === 'text' ? part.text : ''))
          .join('')
          .trim()
      : '';
  return {
    task,
    instructions: instructions.join('\n\n'),
    // Earlier turns give the phases the conversation's context; the last user turn is the task itself.
    conversation: turns.slice(0, -1).join('\n'),
  };
}
