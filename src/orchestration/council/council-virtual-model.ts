import type { LanguageModelV4Message, LanguageModelV4Prompt } from '@ai-sdk/provider';
import { ConclaveError } from '../../core/conclave-error.js';
import type { StoredMessage } from '../../learning/training-store.js';
import type { OrchestrationContext, VirtualModelHandler } from '../orchestration-context.js';
import { councilChatStream } from './council-chat-stream.js';
import { councilPresets } from './council-presets.js';
import { startCouncil } from './run-council.js';

/**
 * Council presets as gateway models `council/<preset>`: the last user message is the question, earlier turns
 * are the conversation the council continues (or, with none, the turns stored under the request's session id).
 */
export function createCouncilVirtualModel(context: OrchestrationContext): VirtualModelHandler {
  return {
    prefix: 'council',
    list: () =>
      Object.entries(councilPresets(context.config.council)).map(([name, preset]) => ({
        id: `council/${name}`,
        description: preset.description ?? `Council of ${preset.agents.join(', ')}`,
      })),
    stream(request, name) {
      const { question, history } = splitConversation(request.prompt);
      const execution = startCouncil(context, {
        preset: name,
        question,
        history: history.length > 0 ? history : undefined,
        sessionId: request.sessionId,
        consent: request.consent,
        localOnly: request.routing?.localOnly,
        apiKeyId: request.apiKeyId,
        signal: request.signal,
        options: request.options,
      });
      return councilChatStream(context, execution);
    },
  };
}

/** Last user message → question (system instructions folded in); the turns before it → history. */
export function splitConversation(prompt: LanguageModelV4Prompt): {
  question: string;
  history: StoredMessage[];
} {
  const last = prompt.at(-1);
  if (last?.role !== 'user')
    throw new ConclaveError(
      'bad-request',
      'A council answers a question: the last message must be from the user.',
      {
        param: 'messages',
      },
    );
  const system = prompt
    .filter((message) => message.role === 'system')
    .map((message) => textOf(message))
    .join('\n\n');
  const history = prompt
    .slice(0, -1)
    .flatMap((message): StoredMessage[] =>
      message.role === 'user' || message.role === 'assistant'
        ? [{ role: message.role, content: textOf(message) }]
        : [],
    );
  const question = textOf(last);
  return { question: system ? `${system}\n\n${question}` : question, history };
}

function textOf(message: LanguageModelV4Message): string {
  if (typeof message.content === 'string') return message.content;
  return message.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
}
