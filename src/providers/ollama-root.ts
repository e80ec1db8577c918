/** Ollama's server root from any base URL a user may paste: root, `/api` or the OpenAI-style `/v1`. */
export function ollamaRoot(baseURL: string | undefined): string {
  return (baseURL ?? 'http://127.0.0.1:11434').replace(/\/+$/, '').replace(/\/(api|v1)$/, '');
}
