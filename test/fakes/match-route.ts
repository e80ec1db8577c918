import type { RouteName, WireName } from './recorded-request.js';

export interface MatchedRoute {
  protocol: WireName | undefined;
  route: RouteName;
  /** Gemini names the model in the path. */
  pathModel?: string;
  /** Gemini streams by endpoint; other protocols by the `stream` body flag. */
  pathStream?: boolean;
}

const GEMINI = /\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

/** Suffix matching, so prefixed base URLs (Groq's /openai/v1, a proxy path) reach the same handlers. */
export function matchRoute(method: string, path: string): MatchedRoute {
  const gemini = GEMINI.exec(path);
  if (method === 'POST' && gemini) {
    return {
      protocol: 'gemini',
      route: 'chat',
      pathModel: gemini[1],
      pathStream: gemini[2] === 'streamGenerateContent',
    };
  }
  if (path.startsWith('/api/')) {
    if (method === 'POST' && path === '/api/chat') return { protocol: 'ollama', route: 'chat' };
    if (method === 'GET' && path === '/api/tags') return { protocol: 'ollama', route: 'tags' };
    if (method === 'GET' && path === '/api/ps') return { protocol: 'ollama', route: 'ps' };
    if (method === 'GET' && path === '/api/version') return { protocol: 'ollama', route: 'version' };
    return { protocol: undefined, route: 'unknown' };
  }
  if (method === 'POST' && path.endsWith('/chat/completions')) return { protocol: 'openai', route: 'chat' };
  if (method === 'POST' && path.endsWith('/embeddings')) return { protocol: 'openai', route: 'embeddings' };
  if (method === 'GET' && path.endsWith('/models')) return { protocol: 'openai', route: 'models' };
  if (method === 'POST' && path.endsWith('/messages')) return { protocol: 'anthropic', route: 'chat' };
  return { protocol: undefined, route: 'unknown' };
}
