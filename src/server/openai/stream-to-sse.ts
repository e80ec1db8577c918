import type { ChatResult, ChatStreamPart } from '../../core/chat-request.js';
import type { ModelLocation } from '../../core/model-profile.js';
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

interface ChunkFrame {
  id: string;
  created: number;
}

/**
 * One choice of the answer (`index` in OpenAI's chunks): reads its run until the first content so the headers
 * can name the model that answers, then renders each part as `chat.completion.chunk` events.
 */
function createChoice(running: ChatStream, index: number, frame: ChunkFrame, labelEvents: boolean) {
  const iterator = running.parts[Symbol.asyncIterator]();
  const pending: ChatStreamPart[] = [];
  let answering = running.decision.targets[0] ?? 'auto';
  let provider = '';
  let location: ModelLocation = 'local';
  let finished = false;
  let toolIndex = -1;
  const toolIndexes = new Map<string, number>();

  const chunk = (
    delta: Record<string, unknown>,
    finishReason: string | null = null,
    extra: Record<string, unknown> = {},
  ) =>
    `data: ${JSON.stringify({ id: frame.id, object: 'chat.completion.chunk', created: frame.created, model: answering, choices: [{ index, delta, logprobs: null, finish_reason: finishReason }], ...extra })}\n\n`;
  const control = (event: Record<string, unknown>) =>
    controlChunk(frame, answering, { conclave: labelEvents ? { ...event, choice: index } : event });

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
        return control({ event: 'fallback', from: part.from, to: part.to, reason: part.reason });
      case 'conclave-progress':
        return control({ event: 'progress', stage: part.stage, detail: part.detail, data: part.data });
      default:
        return '';
    }
  };

  return {
    get answering() {
      return answering;
    },
    get provider() {
      return provider;
    },
    get location() {
      return location;
    },
    /** Reads until the first content (or the end); a failure before any content rejects. */
    async prime(): Promise<ChatResult | undefined> {
      while (true) {
        const next = await iterator.next();
        if (next.done) {
          finished = true;
          return running.result;
        }
        const part = next.value;
        if (part.type === 'conclave-attempt') {
          answering = part.model;
          provider = part.provider;
          location = part.location;
        }
        pending.push(part);
        if (CONTENT.has(part.type)) return undefined;
      }
    },
    /** The role chunk and everything read while priming. */
    opening(): string {
      let text = chunk({ role: 'assistant', content: '' });
      for (const part of pending) text += render(part);
      pending.length = 0;
      return text;
    },
    /** The next rendered event ('' for parts without one), or undefined at the end of the run. */
    next(): Promise<string | undefined> {
      if (finished) return Promise.resolve(undefined);
      return iterator.next().then((next) => {
        if (!next.done) return render(next.value);
        finished = true;
        return undefined;
      });
    },
    /** The finish chunk with the `conclave` object. */
    async finish(): Promise<{ text: string; result: ChatResult }> {
      const result = await running.result;
      answering = result.model;
      return {
        text: chunk({}, openAIFinishReason(result.finishReason), { conclave: conclaveMetadata(result) }),
        result,
      };
    },
    async cancel(): Promise<void> {
      if (!finished) await iterator.return?.(undefined);
    },
  };
}

type Choice = ReturnType<typeof createChoice>;

function controlChunk(frame: ChunkFrame, model: string, payload: Record<string, unknown>): string {
  return `data: ${JSON.stringify({ id: frame.id, object: 'chat.completion.chunk', created: frame.created, model, choices: [], ...payload })}\n\n`;
}

/**
 * Turns running requests (one per choice; `n` > 1 streams several) into an OpenAI SSE response. Headers wait
 * for every choice's first content (or a failure), so a request that fails before answering gets a real HTTP
 * error status and the headers name the model that actually answers.
 */
export async function prepareSse(
  runs: readonly ChatStream[],
  { includeUsage, id }: { includeUsage: boolean; id?: string },
): Promise<GatewayReply> {
  const frame: ChunkFrame = {
    id: id ?? `chatcmpl-${Date.now().toString(36)}`,
    created: Math.floor(Date.now() / 1000),
  };
  const choices = runs.map((running, index) => createChoice(running, index, frame, runs.length > 1));
  let primed: (ChatResult | undefined)[];
  try {
    primed = await Promise.all(choices.map((choice) => choice.prime()));
  } catch (error) {
    await Promise.allSettled(choices.map((choice) => choice.cancel()));
    return errorReply(error);
  }
  const first = choices[0]!;
  const result = primed[0];
  const provider = result?.provider ?? first.provider;
  const location = result?.location ?? first.location;
  const headers = conclaveHeaders({
    id: frame.id,
    model: first.answering,
    provider,
    location,
    fallbacks: result?.fallbacks ?? [],
    decision: runs[0]!.decision,
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
    events: streamChoices(choices, frame, includeUsage),
  };
}

async function* streamChoices(
  choices: Choice[],
  frame: ChunkFrame,
  includeUsage: boolean,
): AsyncGenerator<string> {
  yield choices.map((choice) => choice.opening()).join('');
  const results: ChatResult[] = [];
  try {
    if (choices.length === 1) {
      // One choice — the common case — is read directly, without a race per event.
      const choice = choices[0]!;
      for (let text = await choice.next(); text !== undefined; text = await choice.next())
        if (text) yield text;
      const finished = await choice.finish();
      results.push(finished.result);
      yield finished.text;
    } else {
      for await (const { choice, text } of interleave(choices)) {
        if (text !== undefined) {
          if (text) yield text;
          continue;
        }
        const finished = await choice.finish();
        results.push(finished.result);
        yield finished.text;
      }
    }
    let tail = '';
    if (includeUsage) {
      const sum = (pick: (result: ChatResult) => number) =>
        results.reduce((total, result) => total + pick(result), 0);
      tail = controlChunk(frame, results[0]?.model ?? choices[0]!.answering, {
        usage: {
          prompt_tokens: sum((result) => result.usage.inputTokens),
          completion_tokens: sum((result) => result.usage.outputTokens),
          total_tokens: sum((result) => result.usage.totalTokens),
        },
      });
    }
    yield `${tail}data: [DONE]\n\n`;
  } catch (error) {
    // After the first byte the status is sent: an explicit error event, never a silent "complete" answer.
    yield `data: ${errorReply(error).body}\n\n`;
  } finally {
    // The client went away, a choice failed, or we finished: stop every unfinished run and its upstream call.
    await Promise.allSettled(choices.map((choice) => choice.cancel()));
  }
}

/** Each choice's next event as it arrives (text undefined = that choice ended). */
async function* interleave(choices: Choice[]): AsyncGenerator<{ choice: Choice; text: string | undefined }> {
  const reading = new Map<Choice, Promise<{ choice: Choice; text: string | undefined }>>();
  const read = (choice: Choice) => {
    const next = choice.next().then((text) => ({ choice, text }));
    // A choice failing after the consumer stopped (another failed first) must not be an unhandled rejection.
    next.catch(() => undefined);
    reading.set(choice, next);
  };
  for (const choice of choices) read(choice);
  while (reading.size > 0) {
    const next = await Promise.race(reading.values());
    if (next.text === undefined) reading.delete(next.choice);
    else read(next.choice);
    yield next;
  }
}
