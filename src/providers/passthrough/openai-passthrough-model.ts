import {
  APICallError,
  type LanguageModelV4CallOptions,
  type LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import type { PushStreamModel } from '../push-stream-model.js';
import type { ResolvedProvider } from '../resolve-providers.js';
import { postUpstream, readText, type UpstreamEndpoint, type UpstreamResponse } from './post-upstream.js';
import { jsonSource, pushFrom, type Started, sseSource } from './push-response-parts.js';

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

/** Parts a `doStream` reader may leave waiting before the response is paused. */
const MAX_QUEUED = 10_000;

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers))
    if (value !== undefined) flat[key] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}
