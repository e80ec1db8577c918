import { ConclaveError, type ErrorKind } from '../../core/conclave-error.js';

export interface HttpClientOptions {
  provider: string;
  baseURL: string;
  apiKey: string;
  fetch?: typeof globalThis.fetch;
  /** Per-call timeout. */
  timeoutMs?: number;
}

export type HttpClient = ReturnType<typeof createHttpClient>;

/**
 * JSON and multipart calls to a fine-tuning API with Bearer auth. Failures become ConclaveErrors that name the
 * provider, the status and the provider's own message (never the key).
 */
export function createHttpClient({
  provider,
  baseURL,
  apiKey,
  fetch = globalThis.fetch,
  timeoutMs = 120_000,
}: HttpClientOptions) {
  const root = baseURL.replace(/\/+$/, '');
  async function call(method: string, path: string, body?: BodyInit, contentType?: string): Promise<unknown> {
    const url = `${root}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${apiKey}`,
          ...(contentType ? { 'content-type': contentType } : {}),
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new ConclaveError(
        'network',
        `Cannot reach the ${provider} fine-tuning API at ${root}: ${(error as Error).message}.`,
        {
          provider,
          cause: error,
          hint: 'Check your network, or the baseURL under learning.finetune in conclave.yaml.',
        },
      );
    }
    const text = await response.text();
    const parsed = parseJson(text);
    if (!response.ok) throw httpError(provider, method, path, response.status, parsed ?? text);
    if (parsed === undefined && text.trim() !== '')
      throw new ConclaveError(
        'upstream',
        `${provider} answered ${method} ${path} with something that is not JSON.`,
        { provider },
      );
    return parsed ?? {};
  }
  return {
    getJson: (path: string) => call('GET', path),
    postJson: (path: string, body: unknown) => call('POST', path, JSON.stringify(body), 'application/json'),
    deleteJson: (path: string) => call('DELETE', path),
    /** multipart/form-data with one JSONL file and plain fields. */
    postFile: (
      path: string,
      fields: Record<string, string>,
      file: { field: string; name: string; content: string },
    ) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      form.append(file.field, new Blob([file.content], { type: 'application/jsonl' }), file.name);
      return call('POST', path, form);
    },
  };
}

function httpError(
  provider: string,
  method: string,
  path: string,
  status: number,
  body: unknown,
): ConclaveError {
  const message = providerMessage(body);
  const kind: ErrorKind =
    status === 401
      ? 'auth'
      : status === 403
        ? 'forbidden'
        : status === 404
          ? 'not-found'
          : status === 429
            ? 'rate-limit'
            : status >= 500
              ? 'upstream'
              : 'bad-request';
  const hint =
    kind === 'auth'
      ? `Check the ${provider} API key (learning.finetune.${provider}.apiKey or the provider's key variable).`
      : kind === 'not-found'
        ? 'Check the job id, the base model name and (Fireworks) the account id.'
        : undefined;
  return new ConclaveError(kind, `${provider} rejected ${method} ${path} (${status}): ${message}`, {
    provider,
    status,
    hint,
  });
}

/** `{error: {message}}` (OpenAI, Together), `{error: "…"}`, `{message}` or `{status: {message}}` (Fireworks). */
function providerMessage(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, 300) || 'no details';
  if (typeof body !== 'object' || body === null) return 'no details';
  const value = body as Record<string, unknown>;
  const error = value.error;
  if (typeof error === 'string') return error;
  if (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as Record<string, unknown>).message === 'string'
  )
    return String((error as Record<string, unknown>).message);
  if (typeof value.message === 'string') return value.message;
  return JSON.stringify(body).slice(0, 300);
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
