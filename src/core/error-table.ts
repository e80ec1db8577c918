import type { ConclaveError, ErrorKind } from './conclave-error.js';

interface KindInfo {
  status: number;
  openaiType: string;
  openaiCode: string | null;
  exitCode: number;
}

/** kind → HTTP status, OpenAI error body type/code, CLI exit code. The one place these are decided. */
export const ERROR_TABLE: Record<ErrorKind, KindInfo> = {
  config: { status: 500, openaiType: 'server_error', openaiCode: 'config_error', exitCode: 2 },
  'bad-request': { status: 400, openaiType: 'invalid_request_error', openaiCode: null, exitCode: 2 },
  'not-found': { status: 404, openaiType: 'invalid_request_error', openaiCode: 'not_found', exitCode: 2 },
  auth: { status: 401, openaiType: 'authentication_error', openaiCode: 'invalid_api_key', exitCode: 3 },
  forbidden: { status: 403, openaiType: 'permission_error', openaiCode: 'forbidden', exitCode: 3 },
  'rate-limit': {
    status: 429,
    openaiType: 'rate_limit_error',
    openaiCode: 'rate_limit_exceeded',
    exitCode: 4,
  },
  budget: { status: 429, openaiType: 'insufficient_quota', openaiCode: 'budget_exceeded', exitCode: 4 },
  timeout: { status: 504, openaiType: 'timeout_error', openaiCode: 'timeout', exitCode: 5 },
  overloaded: { status: 503, openaiType: 'server_error', openaiCode: 'overloaded', exitCode: 5 },
  upstream: { status: 502, openaiType: 'api_error', openaiCode: 'upstream_error', exitCode: 5 },
  network: { status: 502, openaiType: 'api_error', openaiCode: 'network_error', exitCode: 5 },
  'context-length': {
    status: 400,
    openaiType: 'invalid_request_error',
    openaiCode: 'context_length_exceeded',
    exitCode: 2,
  },
  'content-filter': {
    status: 400,
    openaiType: 'invalid_request_error',
    openaiCode: 'content_policy_violation',
    exitCode: 6,
  },
  'secret-detected': {
    status: 400,
    openaiType: 'invalid_request_error',
    openaiCode: 'secret_detected',
    exitCode: 6,
  },
  'consent-required': {
    status: 403,
    openaiType: 'permission_error',
    openaiCode: 'consent_required',
    exitCode: 6,
  },
  unavailable: { status: 503, openaiType: 'server_error', openaiCode: 'model_unavailable', exitCode: 5 },
  'all-failed': { status: 502, openaiType: 'api_error', openaiCode: 'all_attempts_failed', exitCode: 5 },
  cancelled: { status: 499, openaiType: 'api_error', openaiCode: 'cancelled', exitCode: 130 },
  internal: { status: 500, openaiType: 'server_error', openaiCode: 'internal_error', exitCode: 1 },
};

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export function toOpenAIError(error: ConclaveError): { status: number; body: OpenAIErrorBody } {
  const info = ERROR_TABLE[error.kind];
  const message = error.hint ? `${error.message} ${error.hint}` : error.message;
  return {
    status:
      (error.kind === 'upstream' || error.kind === 'bad-request') && error.status && error.status >= 400
        ? mapUpstreamStatus(error.status)
        : info.status,
    body: { error: { message, type: info.openaiType, param: error.param ?? null, code: info.openaiCode } },
  };
}

/** An upstream 4xx that is the client's fault keeps its status; everything else is a bad gateway. */
function mapUpstreamStatus(status: number): number {
  return status >= 400 && status < 500 ? status : 502;
}
