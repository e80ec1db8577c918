export type FetchFunction = typeof globalThis.fetch;

/** GET a JSON document with a hard timeout; discovery must never hang startup. */
export async function fetchJson(
  url: string,
  {
    timeoutMs,
    headers = {},
    fetch = globalThis.fetch,
  }: { timeoutMs: number; headers?: Record<string, string>; fetch?: FetchFunction },
): Promise<{ ok: true; status: number; body: unknown } | { ok: false; status?: number; error: string }> {
  try {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    if (!response.ok) return { ok: false, status: response.status, error: `HTTP ${response.status}` };
    try {
      return { ok: true, status: response.status, body: JSON.parse(text) };
    } catch {
      return { ok: false, status: response.status, error: 'response is not JSON' };
    }
  } catch (error) {
    const reason =
      error instanceof Error ? (error.name === 'TimeoutError' ? 'timed out' : error.message) : String(error);
    return { ok: false, error: reason };
  }
}
