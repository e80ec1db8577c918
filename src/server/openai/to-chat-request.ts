import type {
  LanguageModelV4FilePart,
  LanguageModelV4Message,
  LanguageModelV4Prompt,
  LanguageModelV4TextPart,
} from '@ai-sdk/provider';
import type { ChatRequest, RoutingOptions } from '../../core/chat-request.js';
import { ConclaveError } from '../../core/conclave-error.js';
import { isTaskClass } from '../../core/task-class.js';
import type { ChatCompletionBody, ChatMessageBody } from './chat-completion-schema.js';

type AssistantContent = Extract<LanguageModelV4Message, { role: 'assistant' }>['content'];

/** Anything that reads a header by lowercase name (web Headers, or a node request adapter). */
export interface HeaderReader {
  get(name: string): string | null;
}

export interface RequestContext {
  headers: HeaderReader;
  apiKeyId?: string;
  signal?: AbortSignal;
}

/** OpenAI chat completion body (+ x-conclave-* headers) → Conclave's internal request. */
export function toChatRequest(body: ChatCompletionBody, context: RequestContext): ChatRequest {
  const headers = context.headers;
  const extension = body.conclave ?? {};
  const taskClass = extension.task_class ?? headers.get('x-conclave-task-class') ?? undefined;
  if (taskClass !== undefined && !isTaskClass(taskClass)) {
    throw new ConclaveError('bad-request', `Unknown task class "${taskClass}".`, {
      param: 'conclave.task_class',
      hint: 'Use one of: quick, deep, code, math, creative, analysis, tool-use, embedding, vision, general.',
    });
  }
  const objectiveHeader = headers.get('x-conclave-objective');
  const routing: RoutingOptions = {
    objective: extension.objective ?? (objectiveHeader as RoutingOptions['objective']) ?? undefined,
    taskClass: taskClass as RoutingOptions['taskClass'],
    maxCostUsd: extension.max_cost_usd ?? numberHeader(headers, 'x-conclave-max-cost-usd'),
    minQuality: extension.min_quality,
    localOnly: extension.local_only ?? (headers.get('x-conclave-local-only') === 'true' || undefined),
    allowFallbacks: extension.allow_fallbacks,
    allow: extension.allow,
    deny: extension.deny,
  };
  const stop = body.stop ?? undefined;
  return {
    model: body.model,
    prompt: toPrompt(body.messages),
    options: {
      maxOutputTokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
      temperature: body.temperature ?? undefined,
      topP: body.top_p ?? undefined,
      stopSequences: stop === undefined ? undefined : Array.isArray(stop) ? stop : [stop],
      seed: body.seed ?? undefined,
      presencePenalty: body.presence_penalty ?? undefined,
      frequencyPenalty: body.frequency_penalty ?? undefined,
      tools: body.tools?.map((tool) => ({
        type: 'function' as const,
        name: tool.function.name,
        description: tool.function.description,
        inputSchema: (tool.function.parameters ?? { type: 'object', properties: {} }) as never,
      })),
      toolChoice: toToolChoice(body.tool_choice),
      responseFormat:
        body.response_format?.type === 'json_object'
          ? { type: 'json' }
          : body.response_format?.type === 'json_schema'
            ? {
                type: 'json',
                name: body.response_format.json_schema.name,
                description: body.response_format.json_schema.description,
                schema: body.response_format.json_schema.schema as never,
              }
            : undefined,
    },
    routing: Object.fromEntries(Object.entries(routing).filter(([, value]) => value !== undefined)),
    sessionId: extension.session_id ?? headers.get('x-conclave-session') ?? undefined,
    consent: /^(external|true|yes)$/i.test(headers.get('x-conclave-consent') ?? ''),
    apiKeyId: context.apiKeyId,
    signal: context.signal,
    raw: { body: body as Record<string, unknown> },
  };
}

function toPrompt(messages: ChatMessageBody[]): LanguageModelV4Prompt {
  const toolNames = new Map<string, string>();
  return messages.map((message, index): LanguageModelV4Message => {
    switch (message.role) {
      case 'system':
      case 'developer':
        return { role: 'system', content: textOf(message.content) };
      case 'user':
        return { role: 'user', content: userParts(message.content, index) };
      case 'assistant': {
        const parts: AssistantContent = [];
        const text = message.content == null ? '' : textOf(message.content);
        if (text) parts.push({ type: 'text', text });
        for (const call of message.tool_calls ?? []) {
          toolNames.set(call.id, call.function.name);
          parts.push({
            type: 'tool-call',
            toolCallId: call.id,
            toolName: call.function.name,
            input: parseArguments(call.function.arguments, index),
          });
        }
        return { role: 'assistant', content: parts };
      }
      default:
        return {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: message.tool_call_id,
              toolName: toolNames.get(message.tool_call_id) ?? 'unknown',
              output: { type: 'text', value: textOf(message.content) },
            },
          ],
        };
    }
  });
}

function textOf(content: ChatMessageBody['content'] & {}): string {
  if (typeof content === 'string') return content;
  return content.map((part) => (part.type === 'text' && 'text' in part ? String(part.text) : '')).join('');
}

function userParts(
  content: string | unknown[],
  index: number,
): (LanguageModelV4TextPart | LanguageModelV4FilePart)[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return (content as { type: string; text?: string; image_url?: { url: string } }[]).map(
    (part, partIndex) => {
      if (part.type === 'text') return { type: 'text', text: part.text ?? '' };
      if (part.type === 'image_url' && part.image_url) {
        const url = part.image_url.url;
        const data = /^data:([^;,]+)[;,]/.exec(url);
        return data
          ? { type: 'file', mediaType: data[1]!, data: url }
          : { type: 'file', mediaType: 'image/*', data: new URL(url) };
      }
      throw new ConclaveError(
        'bad-request',
        `messages[${index}].content[${partIndex}]: unsupported content part type "${part.type}".`,
        {
          param: `messages[${index}].content`,
          hint: 'Use "text" or "image_url" parts.',
        },
      );
    },
  ) as (LanguageModelV4TextPart | LanguageModelV4FilePart)[];
}

function parseArguments(text: string, index: number): unknown {
  try {
    return JSON.parse(text || '{}');
  } catch {
    throw new ConclaveError('bad-request', `messages[${index}].tool_calls: arguments are not valid JSON.`, {
      param: `messages[${index}].tool_calls`,
    });
  }
}

function toToolChoice(choice: ChatCompletionBody['tool_choice']): ChatRequest['options']['toolChoice'] {
  if (choice === undefined) return undefined;
  if (typeof choice === 'string') return { type: choice };
  return { type: 'tool', toolName: choice.function.name };
}

function numberHeader(headers: HeaderReader, name: string): number | undefined {
  const value = headers.get(name);
  if (value === null) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) {
    throw new ConclaveError('bad-request', `Header ${name} must be a non-negative number, got "${value}".`);
  }
  return parsed;
}
