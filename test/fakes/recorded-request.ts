export type WireName = 'openai' | 'anthropic' | 'gemini' | 'ollama';

/** Which endpoint a request hit; generation routes consume scripted replies by default. */
export type RouteName = 'chat' | 'embeddings' | 'models' | 'tags' | 'ps' | 'version' | 'unknown';

export type RequestOutcome = 'pending' | 'completed' | 'client-closed' | 'reset' | 'cut' | 'stalled' | 'hung';

/** One request as the fake upstream saw it, so tests can assert what was sent upstream. */
export interface RecordedRequest {
  /** 1-based order of arrival. */
  sequence: number;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-case header names, as node:http reports them. */
  headers: Record<string, string>;
  /** The parsed JSON body, or undefined when there was none or it was not JSON. */
  body: unknown;
  rawBody: string;
  protocol: WireName | undefined;
  route: RouteName;
  /** From the JSON body, or from the path for Gemini. */
  model: string | undefined;
  stream: boolean;
  /** Updated while the reply is written; 'client-closed' means the client went away first (e.g. it aborted). */
  outcome: RequestOutcome;
}
