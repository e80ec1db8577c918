/** Every failure Conclave reports is one of these kinds; one table maps each to HTTP and OpenAI shapes. */
export const ERROR_KINDS = [
  'config',
  'bad-request',
  'not-found',
  'auth',
  'forbidden',
  'rate-limit',
  'budget',
  'timeout',
  'overloaded',
  'upstream',
  'network',
  'context-length',
  'content-filter',
  'secret-detected',
  'consent-required',
  'unavailable',
  'all-failed',
  'cancelled',
  'internal',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface AttemptFailure {
  model: string;
  provider?: string;
  kind: ErrorKind;
  message: string;
  status?: number;
}

export interface ConclaveErrorOptions {
  retryable?: boolean;
  status?: number;
  provider?: string;
  model?: string;
  cause?: unknown;
  attempts?: AttemptFailure[];
  /** Milliseconds the upstream asked us to wait before retrying (Retry-After / retry-after-ms). */
  retryAfterMs?: number;
  /** A short hint telling the user how to fix the problem. */
  hint?: string;
  /** Machine-readable detail for API bodies (e.g. OpenAI `param`). */
  param?: string;
}

const RETRYABLE_BY_DEFAULT: ReadonlySet<ErrorKind> = new Set([
  'rate-limit',
  'timeout',
  'overloaded',
  'upstream',
  'network',
]);

export class ConclaveError extends Error {
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly provider: string | undefined;
  readonly model: string | undefined;
  readonly attempts: AttemptFailure[] | undefined;
  readonly retryAfterMs: number | undefined;
  readonly hint: string | undefined;
  readonly param: string | undefined;

  constructor(kind: ErrorKind, message: string, options: ConclaveErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConclaveError';
    this.kind = kind;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(kind);
    this.status = options.status;
    this.provider = options.provider;
    this.model = options.model;
    this.attempts = options.attempts;
    this.retryAfterMs = options.retryAfterMs;
    this.hint = options.hint;
    this.param = options.param;
  }

  static is(value: unknown): value is ConclaveError {
    return value instanceof ConclaveError;
  }
}

export function isConclaveError(value: unknown, kind?: ErrorKind): value is ConclaveError {
  return value instanceof ConclaveError && (kind === undefined || value.kind === kind);
}
