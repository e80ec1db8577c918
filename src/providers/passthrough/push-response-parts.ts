import { APICallError, type LanguageModelV4StreamPart } from '@ai-sdk/provider';
import type { PartPush } from '../push-stream-model.js';
import { createOpenAIPartMapper } from './openai-parts.js';
import { createSseDecoder } from './openai-sse-decoder.js';
import type { UpstreamResponse } from './post-upstream.js';

/** Turns a response body into stream parts, one unit (an SSE event, or the whole JSON body) at a time. */
export interface PartSource {
  /** Keeps a chunk of the body (no parsing). */
  push(chunk: Buffer): void;
  /** Parts from the next waiting unit (an empty array when that unit has none), or undefined when none waits. */
  next(): LanguageModelV4StreamPart[] | undefined;
  /** The closing parts, once the body ended and every waiting unit was taken. */
  end(): LanguageModelV4StreamPart[];
}

/** A response whose headers arrived, with what its parts are read by. */
export interface Started {
  /** The request body sent (for error details). */
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

/**
 * Hands the response's parts to `onPart` as its events arrive: each chunk's events are parsed and handed over
 * one at a time, so the first token goes on before the rest of a large chunk is parsed. An error part (a
 * malformed or error event, a lost connection) is the last one; what `onPart` throws stops the response
 * and rejects `done`.
 */
export function pushFrom(
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

export function sseSource(): PartSource {
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

export function jsonSource(): PartSource {
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
