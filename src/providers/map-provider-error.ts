import { APICallError, LoadAPIKeyError } from '@ai-sdk/provider';
import { ConclaveError, type ErrorKind } from '../core/conclave-error.js';
import { retryAfterMs, upstreamErrorDetails } from './upstream-error-details.js';

export interface ProviderErrorContext {
  provider: string;
  model: string;
}

const CONTEXT_LENGTH =
  /context[_ ]length|context window|maximum context|too many tokens|prompt is too long|input is too long|reduce the length/i;
const CONTENT_FILTER = /content[_ ]?(filter|policy|management)|safety|blocked|responsible ai|moderation/i;

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

function fromApiCallError(
  error: APICallError,
  base: { provider: string; model: string; cause: unknown },
): ConclaveError {
  const status = error.statusCode;
  if (status === undefined) {
    return new ConclaveError('network', `Cannot reach ${base.provider}: ${describeCause(error)}`, base);
  }
  const details = upstreamErrorDetails(error.responseBody);
  const upstreamMessage = details.message ?? error.message;
  const text = `${details.code ?? ''} ${upstreamMessage}`;
  const options = { ...base, status, retryAfterMs: retryAfterMs(error.responseHeaders) };
  const say = (kind: ErrorKind, message: string, extra: { retryable?: boolean; hint?: string } = {}) =>
    new ConclaveError(kind, message, { ...options, ...extra });
  const from = `${base.provider} (${base.model})`;

  if (status === 401)
    return say('auth', `${from} rejected the API key: ${upstreamMessage}`, { retryable: false });
  if (status === 403)
    return say('forbidden', `${from} refused access: ${upstreamMessage}`, { retryable: false });
  if (status === 408) return say('timeout', `${from} timed out (408).`);
  if (status === 429) {
    const quota = /quota|billing|credit/i.test(text);
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

function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (/fetch failed|terminated|socket|ECONN|EPIPE|other side closed|network/i.test(error.message))
    return true;
  return error.cause !== undefined && isNetworkFailure(error.cause);
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
