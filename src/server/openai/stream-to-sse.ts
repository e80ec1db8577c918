import type { ChatResult, ChatStreamPart } from '../../core/chat-request.js';
import { ConclaveError } from '../../core/conclave-error.js';
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
 * One choice of the answer (`index` in OpenAI's chunks). Its run pushes parts into `sink` (the runner's
 * `subscribe`, or a loop over `parts` for runs without it); parts are held until the first content so the
 * headers can name the model that answers, then each is rendered as `chat.completion.chunk` events and written
 * at once.
 */
function createChoice(running: ChatStream, index: number, frame: ChunkFrame, labelEvents: boolean) {
  const pending: ChatStreamPart[] = [];
  let answering = running.decision.targets[0] ?? 'auto';
  let provider = '';
  let location: ModelLocation = 'local';
  let toolIndex = -1;
  const toolIndexes = new Map<string, number>();
  let write: ((text: string) => void) | undefined;
  let contentSeen = false;
  const firstContent = Promise.withResolvers<void>();
  let done: Promise<ChatResult> = running.result;

  // Every chunk starts the same until the model changes (a fallback): the prefix is serialised once per model.
  let prefixModel: string | undefined;
  let prefix = '';
  const chunk = (
    delta: Record<string, unknown>,
    finishReason: string | null = null,
    extra: Record<string, unknown> = {},
  ) => {
    if (prefixModel !== answering) {
      prefixModel = answering;
      prefix = `data: {"id":${JSON.stringify(frame.id)},"object":"chat.completion.chunk","created":${frame.created},"model":${JSON.stringify(answering)},"choices":[{"index":${index},"delta":`;
    }
    let text = `${prefix}${JSON.stringify(delta)},"logprobs":null,"finish_reason":${JSON.stringify(finishReason)}}]`;
    for (const key in extra)
      if (extra[key] !== undefined) text += `,${JSON.stringify(key)}:${JSON.stringify(extra[key])}`;
    return `${text}}\n\n`;
  };
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
      case 'conclave-fallback':
        return control({ event: 'fallback', from: part.from, to: part.to, reason: part.reason });
      case 'conclave-progress':
        return control({ event: 'progress', stage: part.stage, detail: part.detail, data: part.data });
      default:
        return '';
    }
  };

  const sink = (part: ChatStreamPart): void => {
    if (part.type === 'conclave-attempt') {
      answering = part.model;
      provider = part.provider;
      location = part.location;
    }
    if (!write) {
      pending.push(part);
      if (!contentSeen && CONTENT.has(part.type)) {
        contentSeen = true;
        firstContent.resolve();
      }
      return;
    }
    const text = render(part);
    if (text) write(text);
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
    /** Starts the run; `stop` cancels it (the client went away, or another choice failed). */
    start(stop: AbortSignal): void {
      if (running.subscribe) running.subscribe(sink, stop);
      else done = pump(running.parts, sink, stop).then(() => running.result);
      done.catch(() => undefined);
    },
    /** Resolves at the first content (undefined) or at the run's end without any; rejects if it fails first. */
    async prime(): Promise<ChatResult | undefined> {
      try {
        await Promise.race([firstContent.promise, done]);
      } catch (error) {
        if (!contentSeen) throw error;
      }
      return contentSeen ? undefined : done;
    },
    /** The role chunk and everything held while priming; from now on parts are written as they come. */
    open(writeEvent: (text: string) => void): string {
      let text = chunk({ role: 'assistant', content: '' });
      for (const part of pending) text += render(part);
      pending.length = 0;
      write = writeEvent;
      return text;
    },
    /** The finish chunk with the `conclave` object, once the run ended. */
    async finish(): Promise<{ text: string; result: ChatResult }> {
      const result = await done;
      answering = result.model;
      return {
        text: chunk({}, openAIFinishReason(result.finishReason), { conclave: conclaveMetadata(result) }),
        result,
      };
    },
  };
}

/** Feeds a run without `subscribe` (orchestration streams) to the sink; stops reading when `stop` aborts. */
async function pump(
  parts: AsyncIterable<ChatStreamPart>,
  sink: (part: ChatStreamPart) => void,
  stop: AbortSignal,
): Promise<void> {
  const iterator = parts[Symbol.asyncIterator]();
  const onStop = () => {
    iterator.return?.(undefined)?.catch(() => undefined);
  };
  stop.addEventListener('abort', onStop, { once: true });
  try {
    while (!stop.aborted) {
      const next = await iterator.next();
      if (next.done) return;
      sink(next.value);
    }
  } finally {
    stop.removeEventListener('abort', onStop);
  }
}

function controlChunk(frame: ChunkFrame, model: string, payload: Record<string, unknown>): string {
  return `data: ${JSON.stringify({ id: frame.id, object: 'chat.completion.chunk', created: frame.created, model, choices: [], ...payload })}\n\n`;
}

/**
 * Turns running requests (one per choice; `n` > 1 streams several) into an OpenAI SSE response. Headers wait
 * for every choice's first content (or a failure), so a request that fails before answering gets a real HTTP
 * error status and the headers name the model that actually answers. After that, events are pushed to the
 * reply's writer as the runs produce them (no async iteration per event).
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
  // Stops every run: a failure after the first byte, the client going away, or a failure before answering.
  const stop = new AbortController();
  for (const choice of choices) choice.start(stop.signal);
  let primed: (ChatResult | undefined)[];
  try {
    primed = await Promise.all(choices.map((choice) => choice.prime()));
  } catch (error) {
    stop.abort(new ConclaveError('cancelled', 'Another choice failed before answering.'));
    return errorReply(error);
  }
  const first = choices[0]!;
  const result = primed[0];
  const headers = conclaveHeaders({
    id: frame.id,
    model: first.answering,
    provider: result?.provider ?? first.provider,
    location: result?.location ?? first.location,
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
    pipe: (write, clientGone) => streamChoices(choices, frame, includeUsage, write, stop, clientGone),
  };
}

async function streamChoices(
  choices: Choice[],
  frame: ChunkFrame,
  includeUsage: boolean,
  writeEvent: (text: string) => void,
  stop: AbortController,
  clientGone: AbortSignal,
): Promise<void> {
  let closed = false;
  const write = (text: string) => {
    if (!closed) writeEvent(text);
  };
  const onGone = () => {
    closed = true;
    stop.abort(new ConclaveError('cancelled', 'The client went away before the stream finished.'));
  };
  if (clientGone.aborted) onGone();
  else clientGone.addEventListener('abort', onGone, { once: true });
  try {
    write(choices.map((choice) => choice.open(write)).join(''));
    const results = await Promise.all(
      choices.map(async (choice) => {
        const finished = await choice.finish();
        write(finished.text);
        return finished.result;
      }),
    );
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
    write(`${tail}data: [DONE]\n\n`);
  } catch (error) {
    // After the first byte the status is sent: an explicit error event, never a silent "complete" answer.
    write(`data: ${errorReply(error).body}\n\n`);
    // A choice failed: the others stop (their late parts are not written).
    stop.abort(new ConclaveError('cancelled', 'Another choice failed.'));
  } finally {
    closed = true;
    clientGone.removeEventListener('abort', onGone);
  }
}

type Choice = ReturnType<typeof createChoice>;
