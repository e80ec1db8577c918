import {
  APICallError,
  type LanguageModelV4CallOptions,
  type LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import type { PartPush, PushStreamModel } from '../push-stream-model.js';
import type { ResolvedProvider } from '../resolve-providers.js';
import { createOpenAIPartMapper } from './openai-parts.js';
import { createSseDecoder } from './openai-sse-decoder.js';
import { postUpstream, readText, type UpstreamEndpoint, type UpstreamResponse } from './post-upstream.js';

export interface PassthroughOptions {
  /** The provider's name (reported as `<name>.passthrough`). */
  providerName: string;
  /** Where to post, resolved once per provider (`upstreamEndpoint`). */
  endpoint: UpstreamEndpoint;
  providerModelId: string;
  /** The client's own OpenAI request body: forwarded as is, with the model swapped. */
  rawBody: Record<string, unknown>;
}

/** The headers a provider's passthrough requests carry: its configured headers and its API key. */
export function passthroughHeaders(provider: ResolvedProvider): Record<string, string> {
  const headers: Record<string, string> = { ...provider.headers };
  if (provider.apiKey) headers.authorization = `Bearer ${provider.apiKey}`;
  return headers;
}

const DROPPED_FIELDS = new Set(['model', 'conclave', 'stream', 'stream_options', 'n']);

/**
 * The gateway's fast path: when the client already speaks OpenAI and the upstream is OpenAI-compatible, the
 * client's body is forwarded over a keep-alive connection pool and the upstream's chunks are mapped to the same stream
 * parts the maintained provider emits — without schema layers, and (through `pushParts`, which the executor
 * uses) without a web stream or a promise per part. Retries, fallbacks, timeouts and recording stay in the
 * executor.
 */
export function createOpenAIPassthroughModel({
  providerName,
  endpoint,
  providerModelId,
  rawBody,
}: PassthroughOptions): PushStreamModel {
  const { url } = endpoint;
  const streaming = rawBody.stream === true;
  return {
    specificationVersion: 'v4',
    provider: `${providerName}.passthrough`,
    modelId: providerModelId,
    supportedUrls: {},
    async doGenerate() {
      throw new Error('The passthrough model only streams; the executor calls pushParts or doStream.');
    },
    async doStream(options: LanguageModelV4CallOptions) {
      const started = await start(options);
      // Parts wait in the stream's queue for its reader; a reader far behind pauses the response.
      let queue!: ReadableStreamDefaultController<LanguageModelV4StreamPart>;
      let cancelled = false;
      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        start(controller) {
          queue = controller;
        },
        pull() {
          if (started.response.body.isPaused()) started.response.body.resume();
        },
        cancel() {
          cancelled = true;
          push.cancel();
        },
      });
      const push = pushFrom(started, (part) => {
        queue.enqueue(part);
        if ((queue.desiredSize ?? 0) < -MAX_QUEUED) started.response.body.pause();
      });
      // A cancelled stream is already closed: nothing more to tell its reader.
      push.done.then(
        () => {
          if (!cancelled) queue.close();
        },
        (error: unknown) => {
          if (!cancelled) queue.error(error);
        },
      );
      return {
        stream,
        request: { body: started.body },
        response: { headers: flattenHeaders(started.response.headers) },
      };
    },
    async pushParts(options, onPart) {
      return pushFrom(await start(options), onPart);
    },
  };

  /** Posts the request; resolves at the response headers, or throws the upstream's error as an APICallError. */
  async function start(options: LanguageModelV4CallOptions): Promise<Started> {
    const body = upstreamBody(rawBody, providerModelId, options, streaming);
    let response: UpstreamResponse;
    try {
      response = await postUpstream(endpoint, JSON.stringify(body), options.abortSignal);
    } catch (error) {
      if (options.abortSignal?.aborted) throw error;
      throw new APICallError({
        message: `Cannot connect to API: ${(error as Error).message}`,
        url,
        requestBodyValues: body,
        cause: error,
        isRetryable: true,
      });
    }
    if (response.statusCode >= 400) {
      const responseBody = await readText(response.body).catch(() => '');
      throw new APICallError({
        message: `HTTP ${response.statusCode}`,
        url,
        requestBodyValues: body,
        statusCode: response.statusCode,
        responseHeaders: flattenHeaders(response.headers),
        responseBody,
        isRetryable: [408, 409, 429].includes(response.statusCode) || response.statusCode >= 500,
      });
    }
    return { body, response, url, source: streaming ? sseSource() : jsonSource() };
  }
}

function upstreamBody(
  rawBody: Record<string, unknown>,
  model: string,
  options: LanguageModelV4CallOptions,
  streaming: boolean,
) {
  const body: Record<string, unknown> = { model };
  for (const [key, value] of Object.entries(rawBody)) if (!DROPPED_FIELDS.has(key)) body[key] = value;
  const last = options.prompt.at(-1);
  // A continuation after a cut stream: the executor appended the partial answer as assistant prefill.
  if (last?.role === 'assistant' && Array.isArray(rawBody.messages)) {
    const text = last.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
    body.messages = [...rawBody.messages, { role: 'assistant', content: text }];
  }
  if (streaming) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return body;
}

/** Turns a response body into stream parts, one unit (an SSE event, or the whole JSON body) at a time. */
interface PartSource {
  /** Keeps a chunk of the body (no parsing). */
  push(chunk: Buffer): void;
  /** Parts from the next waiting unit (an empty array when that unit has none), or undefined when none waits. */
  next(): LanguageModelV4StreamPart[] | undefined;
  /** The closing parts, once the body ended and every waiting unit was taken. */
  end(): LanguageModelV4StreamPart[];
}

interface Started {
  body: Record<string, unknown>;
  response: UpstreamResponse;
  url: string;
  source: PartSource;
}

/** Parts that carry the answer's content (the first of them is handed over ahead of the rest of its burst). */
const CONTENT_PARTS: ReadonlySet<string> = new Set([
  'text-delta',
  'reasoning-delta',
  'tool-input-start',
  'tool-call',
]);

/** Parts a `doStream` reader may leave waiting before the response is paused. */
const MAX_QUEUED = 10_000;

/**
 * Hands the response's parts to `onPart` as its events arrive: each chunk's events are parsed and handed over
 * one at a time, so the first token goes on before the rest of a large chunk is parsed. An error part (a
 * malformed or error event, a lost connection) is the last one; what `onPart` throws stops the response
 * and rejects `done`.
 */
function pushFrom(
  { body: requestBody, response, url, source }: Started,
  onPart: (part: LanguageModelV4StreamPart) => void,
): PartPush {
  const { body } = response;
  const { promise: done, resolve, reject } = Promise.withResolvers<void>();
  // A consumer that gave up before the headers (an abort) never awaits `done`: not an unhandled rejection.
  done.catch(() => undefined);
  let finished = false;
  const stop = (error?: unknown) => {
    if (finished) return;
    finished = true;
    body.destroy();
    if (error === undefined) resolve();
    else reject(error);
  };
  /** Hands parts over; true when the response must stop (an error part, or `onPart` threw or cancelled). */
  const deliver = (parts: LanguageModelV4StreamPart[]): boolean => {
    for (const part of parts) {
      try {
        onPart(part);
      } catch (error) {
        stop(error);
        return true;
      }
      if (finished) return true;
      if (part.type === 'error') {
        stop();
        return true;
      }
    }
    return false;
  };
  let contentSeen = false;
  let waiting = false;
  let ended = false;
  /** Hands over every waiting event; after the first content, the rest of its burst waits one turn. */
  const drain = () => {
    for (let parts = source.next(); parts !== undefined; parts = source.next()) {
      if (deliver(parts)) return;
      if (!contentSeen && parts.some((part) => CONTENT_PARTS.has(part.type))) {
        contentSeen = true;
        // Consumers answer the first content asynchronously (a reply's headers and first event): they get
        // that turn before the rest of a burst is parsed (time to first byte).
        waiting = true;
        setImmediate(() => {
          waiting = false;
          if (finished) return;
          drain();
          if (ended && !waiting && !finished) end();
        });
        return;
      }
    }
  };
  const end = () => {
    if (!deliver(source.end())) stop();
  };
  body.on('data', (chunk: Buffer) => {
    if (finished) return;
    source.push(chunk);
    if (!waiting) drain();
  });
  body.once('end', () => {
    ended = true;
    if (!finished && !waiting) end();
  });
  const lose = (lost: Error) => {
    if (finished) return;
    // What arrived before the loss is handed over first, all of it.
    contentSeen = true;
    drain();
    if (finished) return;
    const error = new APICallError({
      message: `Connection lost while reading the stream: ${lost.message}`,
      url,
      requestBodyValues: requestBody,
      statusCode: 200,
      cause: lost,
      isRetryable: true,
    });
    if (!deliver([{ type: 'error', error }])) stop();
  };
  body.once('error', lose);
  body.once('close', () => {
    if (!body.complete) lose(new Error('aborted'));
  });
  return { done, cancel: () => stop() };
}

function sseSource(): PartSource {
  const decoder = createSseDecoder();
  const mapper = createOpenAIPartMapper();
  let done = false;
  let started = false;
  return {
    push: (chunk) => {
      decoder.push(chunk);
    },
    next() {
      if (!started) {
        started = true;
        return [{ type: 'stream-start', warnings: [] }];
      }
      const payload = decoder.next();
      if (payload === undefined) return undefined;
      if (payload === '[DONE]') {
        done = true;
        return [];
      }
      const parsed = parsePayload(payload);
      if (parsed instanceof Error) return [{ type: 'error', error: parsed }];
      if (parsed && typeof parsed === 'object' && 'error' in parsed && parsed.error)
        return [{ type: 'error', error: parsed.error }];
      return mapper.map(parsed);
    },
    end() {
      for (const payload of decoder.flush()) if (payload === '[DONE]') done = true;
      return mapper.finish(done || mapper.sawFinish);
    },
  };
}

function jsonSource(): PartSource {
  const chunks: Buffer[] = [];
  return {
    push(chunk) {
      chunks.push(chunk);
    },
    next: () => undefined,
    end() {
      const parsed = parsePayload(Buffer.concat(chunks).toString('utf8'));
      if (parsed instanceof Error) return [{ type: 'error', error: parsed }];
      const mapper = createOpenAIPartMapper();
      return [
        { type: 'stream-start', warnings: [] },
        ...mapper.map(parsed, true),
        ...mapper.finish(mapper.sawFinish),
      ];
    },
  };
}

function parsePayload(payload: string): unknown {
  try {
    return JSON.parse(payload);
  } catch (error) {
    const malformed = new Error(`Invalid JSON response: ${(error as Error).message}`);
    malformed.name = 'JSONParseError';
    return malformed;
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers))
    if (value !== undefined) flat[key] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}
