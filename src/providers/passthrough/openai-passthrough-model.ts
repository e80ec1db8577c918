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

/**
 * Parts pushed straight from the response's events into the stream (no async iteration per chunk): the
 * response is paused while the stream's queue is full and resumed when the reader pulls.
 */
function partStream(
  body: http.IncomingMessage,
  url: string,
  requestBody: unknown,
  onData: (chunk: Buffer, emit: (part: LanguageModelV4StreamPart) => void, stop: () => void) => void,
  onEnd: (emit: (part: LanguageModelV4StreamPart) => void) => void,
): ReadableStream<LanguageModelV4StreamPart> {
  let finished = false;
  return new ReadableStream<LanguageModelV4StreamPart>(
    {
      start(controller) {
        const emit = (part: LanguageModelV4StreamPart) => controller.enqueue(part);
        // After an error part (or the last part) the stream closes and the response is let go.
        const stop = () => {
          if (finished) return;
          finished = true;
          controller.close();
          body.destroy();
        };
        body.on('data', (chunk: Buffer) => {
          if (finished) return;
          onData(chunk, emit, stop);
          if (!finished && (controller.desiredSize ?? 1) <= 0) body.pause();
        });
        body.once('end', () => {
          if (finished) return;
          onEnd(emit);
          finished = true;
          controller.close();
        });
        const lost = (error: unknown) => {
          if (finished) return;
          emit({
            type: 'error',
            error: new APICallError({
              message: `Connection lost while reading the stream: ${(error as Error).message}`,
              url,
              requestBodyValues: requestBody,
              statusCode: 200,
              cause: error,
              isRetryable: true,
            }),
          });
          stop();
        };
        body.once('error', lost);
        body.once('close', () => {
          if (!body.complete) lost(new Error('aborted'));
        });
      },
      pull() {
        if (!finished && body.isPaused()) body.resume();
      },
      cancel() {
        finished = true;
        body.destroy();
      },
    },
    { highWaterMark: 64 },
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
  const start = (emit: (part: LanguageModelV4StreamPart) => void) => {
    if (started) return;
    started = true;
    emit({ type: 'stream-start', warnings: [] });
  };
  return partStream(
    body,
    url,
    requestBody,
    (chunk, emit, stop) => {
      start(emit);
      for (const payload of decoder.push(chunk)) {
        if (payload === '[DONE]') {
          done = true;
          continue;
        }
        const parsed = parsePayload(payload);
        if (parsed instanceof Error) {
          emit({ type: 'error', error: parsed });
          stop();
          return;
        }
        if (parsed && typeof parsed === 'object' && 'error' in parsed && parsed.error) {
          emit({ type: 'error', error: parsed.error });
          stop();
          return;
        }
        for (const part of mapper.map(parsed)) emit(part);
      }
    },
    (emit) => {
      start(emit);
      for (const payload of decoder.flush()) if (payload === '[DONE]') done = true;
      for (const part of mapper.finish(done || mapper.sawFinish)) emit(part);
    },
  );
}

function jsonStream(
  body: http.IncomingMessage,
  url: string,
  requestBody: unknown,
): ReadableStream<LanguageModelV4StreamPart> {
  const chunks: Buffer[] = [];
  return partStream(
    body,
    url,
    requestBody,
    (chunk) => {
      chunks.push(chunk);
    },
    (emit) => {
      const parsed = parsePayload(Buffer.concat(chunks).toString('utf8'));
      if (parsed instanceof Error) {
        emit({ type: 'error', error: parsed });
        return;
      }
      const mapper = createOpenAIPartMapper();
      emit({ type: 'stream-start', warnings: [] });
      for (const part of mapper.map(parsed, true)) emit(part);
      for (const part of mapper.finish(mapper.sawFinish)) emit(part);
    },
  );
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
