/** Reads the message and code out of the error bodies of OpenAI, Anthropic, Gemini and Ollama. */
export interface UpstreamErrorDetails {
  message?: string;
  code?: string;
  /** Gemini's google.rpc.RetryInfo retryDelay (it sends no Retry-After header). */
  retryAfterMs?: number;
  /** Gemini's google.rpc.QuotaFailure names a per-day quota: waiting minutes will not help. */
  dailyQuota?: boolean;
}

export function upstreamErrorDetails(body: string | undefined): UpstreamErrorDetails {
  if (!body) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { message: body.slice(0, 300) };
  }
  if (!isRecord(parsed)) return {};
  const error = parsed.error;
  if (typeof error === 'string') return { message: error };
  if (isRecord(error)) {
    const code = [error.code, error.type, error.status].find((value) => typeof value === 'string');
    return {
      message: typeof error.message === 'string' ? error.message : undefined,
      code: code as string | undefined,
      ...googleRpcDetails(error.details),
    };
  }
  return { message: typeof parsed.message === 'string' ? parsed.message : undefined };
}

function googleRpcDetails(details: unknown): Pick<UpstreamErrorDetails, 'retryAfterMs' | 'dailyQuota'> {
  if (!Array.isArray(details)) return {};
  const found: Pick<UpstreamErrorDetails, 'retryAfterMs' | 'dailyQuota'> = {};
  for (const detail of details) {
    if (!isRecord(detail)) continue;
    const seconds = typeof detail.retryDelay === 'string' ? Number.parseFloat(detail.retryDelay) : Number.NaN;
    if (Number.isFinite(seconds) && seconds >= 0) found.retryAfterMs = seconds * 1000;
    const violations = Array.isArray(detail.violations) ? detail.violations : [];
    if (
      violations.some((violation) => isRecord(violation) && /PerDay/i.test(String(violation.quotaId ?? '')))
    ) {
      found.dailyQuota = true;
    }
  }
  return found;
}

/** Retry-After in seconds or as an HTTP date, or retry-after-ms, in milliseconds. */
export function retryAfterMs(
  headers: Record<string, string> | undefined,
  now = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const lower = Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
  const milliseconds = Number(lower['retry-after-ms']);
  if (lower['retry-after-ms'] !== undefined && Number.isFinite(milliseconds) && milliseconds >= 0)
    return milliseconds;
  const value = lower['retry-after'];
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
