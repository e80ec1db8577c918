import { APICallError, LoadAPIKeyError } from '@ai-sdk/provider';
import { isProviderStreamError } from '@ai-sdk/provider-utils';
import { ConclaveError, type ErrorKind } from '../core/conclave-error.js';
import { isRecord, retryAfterMs, upstreamErrorDetails } from './upstream-error-details.js';

export interface ProviderErrorContext {
  provider: string;
  model: string;
}

const CONTEXT_LENGTH =
  /context[_ ]length|context window|maximum context|too many tokens|prompt is too long|input is too long|reduce the length|input token count.*exceeds the maximum/i;
const CONTENT_FILTER = /content[_ ]?(filter|policy|management)|safety|blocked|responsible ai|moderation/i;
// Gemini rejects a bad key with 400 INVALID_ARGUMENT, so the status alone does not say 'auth'.
const INVALID_KEY =
  /API key not valid|API_KEY_INVALID|invalid[ _]api[ _]key|invalid x-api-key|incorrect api key/i;
// Only a hard quota is worth giving up on; Gemini says "quota" in its per-minute 429s too.
const HARD_QUOTA = /insufficient_quota|credit balance|insufficient balance/i;

type ErrorBase = { provider: string; model: string; cause: unknown };

interface UpstreamFailure {
  message: string;
  code?: string;
  retryAfterMs?: number;
  dailyQuota?: boolean;
}

/** Maps whatever a provider package threw into one ConclaveError kind the executor can act on. */
export function mapProviderError(error: unknown, context: ProviderErrorContext): ConclaveError {
  if (error instanceof ConclaveError) return error;
  const base = { provider: context.provider, model: context.model, cause: error };
  if (isAbort(error)) return new ConclaveError('cancelled', 'The request was cancelled.', base);
  if (LoadAPIKeyError.isInstance(error)) {
    return new ConclaveError('auth', `No API key for ${context.provider}: ${error.message}`, {
      ...base,
      retryable: false,
    });
  }
  if (APICallError.isInstance(error)) return fromApiCallError(error, base);
  if (isProviderStreamError(error)) {
    // An error event inside a 200 stream: the provider package already derived its HTTP-equivalent status.
    const code = typeof error.code === 'string' ? error.code : error.type;
    return fromStatus(error.statusCode ?? 500, { message: error.message, code }, base);
  }
  if (!(error instanceof Error) && isRecord(error) && typeof error.message === 'string') {
    // A bare error frame from an OpenAI-compatible stream: { message, type, code }.
    const code = [error.code, error.type].find((value): value is string => typeof value === 'string');
    return fromStatus(statusOfErrorFrame(code), { message: error.message, code }, base);
  }
  const message = error instanceof Error ? error.message : String(error);
  if (isNetworkFailure(error)) {
    return new ConclaveError(
      'network',
      `Connection to ${context.provider} failed: ${describeCause(error)}`,
      base,
    );
  }
  if (
    /JSON|type validation|invalid response|parse/i.test(message) ||
    isNamed(error, /JSONParse|TypeValidation|InvalidResponseData|EmptyResponseBody/)
  ) {
    return new ConclaveError(
      'upstream',
      `${context.provider} sent a malformed response: ${truncate(message)}`,
      base,
    );
  }
  return new ConclaveError('upstream', `${context.provider} failed: ${truncate(message)}`, base);
}

function fromApiCallError(error: APICallError, base: ErrorBase): ConclaveError {
  const status = error.statusCode;
  if (status === undefined) {
    return new ConclaveError('network', `Cannot reach ${base.provider}: ${describeCause(error)}`, base);
  }
  if (status < 400) {
    // The response started with a success status and its body then failed: the connection or the payload broke.
    if (isNetworkFailure(error.cause)) {
      return new ConclaveError(
        'network',
        `Connection to ${base.provider} dropped mid-response: ${describeCause(error)}`,
        base,
      );
    }
    return new ConclaveError(
      'upstream',
      `${base.provider} sent a malformed response: ${truncate(error.message)}`,
      base,
    );
  }
  const details = upstreamErrorDetails(error.responseBody);
  return fromStatus(
    status,
    {
      message: details.message ?? error.message,
      code: details.code,
      retryAfterMs: retryAfterMs(error.responseHeaders) ?? details.retryAfterMs,
      dailyQuota: details.dailyQuota,
    },
    base,
  );
}

function fromStatus(status: number, upstream: UpstreamFailure, base: ErrorBase): ConclaveError {
  const upstreamMessage = upstream.message;
  const text = `${upstream.code ?? ''} ${upstreamMessage}`;
  const options = { ...base, status, retryAfterMs: upstream.retryAfterMs };
  const say = (kind: ErrorKind, message: string, extra: { retryable?: boolean; hint?: string } = {}) =>
    new ConclaveError(kind, message, { ...options, ...extra });
  const from = `${base.provider} (${base.model})`;

  if (status === 401 || (status < 500 && INVALID_KEY.test(text))) {
    return say('auth', `${from} rejected the API key: ${upstreamMessage}`, { retryable: false });
  }
  if (status === 403)
    return say('forbidden', `${from} refused access: ${upstreamMessage}`, { retryable: false });
  if (status === 408) return say('timeout', `${from} timed out (408).`);
  if (status === 429) {
    const quota = upstream.dailyQuota === true || HARD_QUOTA.test(text);
    return say('rate-limit', `${from} is rate limiting: ${upstreamMessage}`, { retryable: !quota });
  }
  if (CONTEXT_LENGTH.test(text) && status < 500) {
    return say(
      'context-length',
      `${from}: the request exceeds the model's context window: ${upstreamMessage}`,
      {
        retryable: false,
      },
    );
  }
  if (CONTENT_FILTER.test(text) && status < 500) {
    return say('content-filter', `${from} refused the content: ${upstreamMessage}`, { retryable: false });
  }
  if (status === 404)
    return say('not-found', `${from}: model or endpoint not found: ${upstreamMessage}`, { retryable: false });
  if (status === 409)
    return say('upstream', `${from} reported a conflict (409): ${upstreamMessage}`, { retryable: true });
  if (status === 503 || status === 529)
    return say('overloaded', `${from} is overloaded (${status}): ${upstreamMessage}`);
  if (status >= 500) return say('upstream', `${from} failed with ${status}: ${upstreamMessage}`);
  return say('bad-request', `${from} rejected the request (${status}): ${upstreamMessage}`, {
    retryable: false,
  });
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

// Whole messages or error codes only: "Unterminated string in JSON" must not read as a dropped connection.
const NETWORK_MESSAGE =
  /^(fetch failed|terminated)$|other side closed|socket hang up|network (error|connection)/i;
const NETWORK_CODE = /^(ECONN|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR_)/;

function isNetworkFailure(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_CODE.test(code)) return true;
  if (NETWORK_MESSAGE.test(error.message)) return true;
  return isNetworkFailure(error.cause, depth + 1);
}

/** Status an OpenAI-style error frame `{ message, type, code }` stands for (OpenAI-compatible streams send these bare). */
function statusOfErrorFrame(code: string | undefined): number {
  const text = (code ?? '').toLowerCase();
  if (/rate_limit|quota/.test(text)) return 429;
  if (/auth|api_key/.test(text)) return 401;
  if (/permission/.test(text)) return 403;
  if (/not_found/.test(text)) return 404;
  if (/context_length|invalid|bad_request/.test(text)) return 400;
  if (/overload/.test(text)) return 503;
  return 500;
}

function isNamed(error: unknown, pattern: RegExp): boolean {
  return error instanceof Error && pattern.test(error.name);
}

function describeCause(error: unknown): string {
  let current: unknown = error;
  let text = '';
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as Error & { code?: unknown }).code;
    text = typeof code === 'string' ? `${current.message} (${code})` : current.message;
    current = current.cause;
  }
  return truncate(text || String(error));
}

function truncate(text: string): string {
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
