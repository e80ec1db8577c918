import type http from 'node:http';
import {
  APICallError,
  type LanguageModelV4,
  type LanguageModelV4CallOptions,
  type LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
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
 * parts the maintained provider emits — without web-stream and schema layers per chunk. Retries, fallbacks,
 * timeouts and recording stay in the executor.
 */
export function createOpenAIPassthroughModel({
  providerName,
  endpoint,
  providerModelId,
  rawBody,
}: PassthroughOptions): LanguageModelV4 {
  const { url } = endpoint;
  const streaming = rawBody.stream === true;
  return {
    specificationVersion: 'v4',
    provider: `${providerName}.passthrough`,
    modelId: providerModelId,
    supportedUrls: {},
    async doGenerate() {
      throw new Error('The passthrough model only streams; the executor always calls doStream.');
    },
    async doStream(options: LanguageModelV4CallOptions) {
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
      const stream = streaming ? sseStream(response.body, url, body) : jsonStream(response.body, url, body);
      return { stream, request: { body }, response: { headers: flattenHeaders(response.headers) } };
    },
  };
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

/** Turns a response body into stream parts; `partStream` drives it. */
interface PartSource {
  /** Keeps a chunk of the body (no parsing); returns how much waits (characters), to pause a runaway body. */
  push(chunk: Buffer): number;
  /** Parts from the next waiting unit (an empty array when that unit has none), or undefined when none waits. */
  next(): LanguageModelV4StreamPart[] | undefined;
  /** The closing parts, once the body ended and every waiting unit was taken. */
  end(): LanguageModelV4StreamPart[];
}

/** Above this much waiting (characters of undecoded events) the response is paused until the reader catches up. */
const MAX_WAITING = 1 << 20;

/**
 * Parts read from the response's events on demand: a chunk is kept as it arrives, and its events are found
 * and parsed one at a time as the reader pulls, so the first token goes on while the rest of a large chunk
 * waits (no async iteration, no parsing ahead of the client).
 */
function partStream(
  body: http.IncomingMessage,
  url: string,
  requestBody: unknown,
  source: PartSource,
): ReadableStream<LanguageModelV4StreamPart> {
  let ended = false;
  let finished = false;
  let lost: unknown;
  let wake: (() => void) | undefined;
  const signal = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  body.on('data', (chunk: Buffer) => {
    if (finished) return;
    if (source.push(chunk) > MAX_WAITING) body.pause();
    signal();
  });
  body.once('end', () => {
    ended = true;
    signal();
  });
  body.once('error', (error) => {
    lost ??= error;
    signal();
  });
  body.once('close', () => {
    if (body.complete) return;
    lost ??= new Error('aborted');
    signal();
  });
  const pull = (
    controller: ReadableStreamDefaultController<LanguageModelV4StreamPart>,
  ): Promise<void> | void => {
    const finish = (parts: LanguageModelV4StreamPart[]) => {
      for (const part of parts) controller.enqueue(part);
      finished = true;
      controller.close();
      body.destroy();
    };
    while (!finished) {
      const parts = source.next();
      if (parts) {
        // After an error part the stream ends and the response is let go.
        if (parts.some((part) => part.type === 'error')) return finish(parts);
        for (const part of parts) controller.enqueue(part);
        if (parts.length > 0) return;
        continue;
      }
      if (lost !== undefined) {
        return finish([
          {
            type: 'error',
            error: new APICallError({
              message: `Connection lost while reading the stream: ${(lost as Error).message}`,
              url,
              requestBodyValues: requestBody,
              statusCode: 200,
              cause: lost,
              isRetryable: true,
            }),
          },
        ]);
      }
      if (ended) return finish(source.end());
      if (body.isPaused()) body.resume();
      return new Promise<void>((resolve) => {
        wake = resolve;
      }).then(() => pull(controller));
    }
  };
  return new ReadableStream<LanguageModelV4StreamPart>(
    {
      pull,
      cancel() {
        finished = true;
        body.destroy();
      },
    },
    // Pulled only when the reader asks: nothing is parsed ahead of it.
    { highWaterMark: 0 },
  );
}

function sseStream(
  body: http.IncomingMessage,
  url: string,
  requestBody: unknown,
): ReadableStream<LanguageModelV4StreamPart> {
  const decoder = createSseDecoder();
  const mapper = createOpenAIPartMapper();
  let done = false;
  let started = false;
  return partStream(body, url, requestBody, {
    push: (chunk) => decoder.push(chunk),
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
  });
}

function jsonStream(
  body: http.IncomingMessage,
  url: string,
  requestBody: unknown,
): ReadableStream<LanguageModelV4StreamPart> {
  const chunks: Buffer[] = [];
  return partStream(body, url, requestBody, {
    push(chunk) {
      chunks.push(chunk);
      return 0;
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
  });
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
