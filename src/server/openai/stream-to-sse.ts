import type { ChatStreamPart } from '../../core/chat-request.js';
import type { ChatStream } from '../../engine.js';
import { errorReply, type GatewayReply } from '../gateway-reply.js';
import { conclaveHeaders, conclaveMetadata, openAIFinishReason } from './conclave-metadata.js';

// Headers go out at the first content, or the first orchestration progress (stages reach the client live).
const CONTENT = new Set([
  'text-delta',
  'reasoning-delta',
  'tool-input-start',
  'tool-input-delta',
  'tool-call',
  'conclave-progress',
]);

/**
 * Turns a running request into an OpenAI SSE response. Headers wait for the first content (or failure), so a
 * request that fails before answering gets a real HTTP error status and the headers name the model that
 * actually answers.
 */
export async function prepareSse(
  running: ChatStream,
  { includeUsage, id }: { includeUsage: boolean; id?: string },
): Promise<GatewayReply> {
  const iterator = running.parts[Symbol.asyncIterator]();
  const pending: ChatStreamPart[] = [];
  let answering = running.decision.targets[0] ?? 'auto';
  let provider = '';
  let location: 'local' | 'external' = 'local';
  let finished = false;
  try {
    while (true) {
      const next = await iterator.next();
      if (next.done) {
        finished = true;
        break;
      }
      const part = next.value;
      if (part.type === 'conclave-attempt') {
        answering = part.model;
        provider = part.provider;
      }
      pending.push(part);
      if (CONTENT.has(part.type)) break;
    }
  } catch (error) {
    return errorReply(error);
  }
  const result = finished ? await running.result : undefined;
  if (result) location = result.location;
  else location = provider === 'embedded' || provider === 'ollama' ? 'local' : location;
  const requestId = id ?? `chatcmpl-${Date.now().toString(36)}`;
  const created = Math.floor(Date.now() / 1000);
  let toolIndex = -1;
  const toolIndexes = new Map<string, number>();
  const chunk = (
    delta: Record<string, unknown>,
    finishReason: string | null = null,
    extra: Record<string, unknown> = {},
  ) =>
    `data: ${JSON.stringify({ id: requestId, object: 'chat.completion.chunk', created, model: answering, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }], ...extra })}\n\n`;
  const control = (payload: Record<string, unknown>) =>
    `data: ${JSON.stringify({ id: requestId, object: 'chat.completion.chunk', created, model: answering, choices: [], ...payload })}\n\n`;

  const render = (part: ChatStreamPart): string => {
    switch (part.type) {
      case 'text-delta':
        return part.delta ? chunk({ content: part.delta }) : '';
      case 'reasoning-delta':
        return chunk({ reasoning_content: part.delta });
      case 'tool-input-start': {
        toolIndex += 1;
        toolIndexes.set(part.id, toolIndex);
        return chunk({
          tool_calls: [
            {
              index: toolIndex,
              id: part.id,
              type: 'function',
              function: { name: part.toolName, arguments: '' },
            },
          ],
        });
      }
      case 'tool-input-delta':
        return chunk({
          tool_calls: [{ index: toolIndexes.get(part.id) ?? 0, function: { arguments: part.delta } }],
        });
      case 'tool-call': {
        if (toolIndexes.has(part.toolCallId)) return '';
        toolIndex += 1;
        return chunk({
          tool_calls: [
            {
              index: toolIndex,
              id: part.toolCallId,
              type: 'function',
              function: { name: part.toolName, arguments: part.input },
            },
          ],
        });
      }
      case 'conclave-attempt':
        answering = part.model;
        return '';
      case 'conclave-fallback':
        return control({
          conclave: { event: 'fallback', from: part.from, to: part.to, reason: part.reason },
        });
      case 'conclave-progress':
        return control({
          conclave: { event: 'progress', stage: part.stage, detail: part.detail, data: part.data },
        });
      default:
        return '';
    }
  };

  async function* events(): AsyncGenerator<string> {
    let first = chunk({ role: 'assistant', content: '' });
    for (const part of pending) first += render(part);
    yield first;
    try {
      try {
        while (!finished) {
          const next = await iterator.next();
          if (next.done) {
            finished = true;
            break;
          }
          const text = render(next.value);
          if (text) yield text;
        }
        const final = await running.result;
        answering = final.model;
        let tail = chunk({}, openAIFinishReason(final.finishReason), { conclave: conclaveMetadata(final) });
        if (includeUsage) {
          tail += control({
            usage: {
              prompt_tokens: final.usage.inputTokens,
              completion_tokens: final.usage.outputTokens,
              total_tokens: final.usage.totalTokens,
            },
          });
        }
        yield `${tail}data: [DONE]\n\n`;
      } catch (error) {
        // After the first byte the status is sent: an explicit error event, never a silent "complete" answer.
        yield `data: ${errorReply(error).body}\n\n`;
      }
    } finally {
      // The client went away (or we finished): stop the run and the upstream call.
      if (!finished) await iterator.return?.(undefined);
    }
  }
  const headers = conclaveHeaders({
    id: requestId,
    model: answering,
    provider: result?.provider ?? provider,
    location,
    fallbacks: result?.fallbacks ?? [],
    decision: running.decision,
  });
  return {
    kind: 'sse',
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      ...headers,
    },
    events: events(),
  };
}
