import { z } from 'zod';
import { type FetchFunction, fetchJson } from './fetch-json.js';

const modelsSchema = z.object({ data: z.array(z.object({ id: z.string() })) });

export interface OpenAIModelsDiscovery {
  reachable: boolean;
  error?: string;
  modelIds: string[];
}

/** Lists the models of any OpenAI-compatible server (`GET /v1/models`). */
export async function discoverOpenAIModels(
  baseURL: string,
  { apiKey, timeoutMs, fetch }: { apiKey?: string; timeoutMs: number; fetch?: FetchFunction },
): Promise<OpenAIModelsDiscovery> {
  const headers: Record<string, string> = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
  const result = await fetchJson(`${baseURL.replace(/\/+$/, '')}/models`, { timeoutMs, headers, fetch });
  if (!result.ok) return { reachable: result.status !== undefined, error: result.error, modelIds: [] };
  const parsed = modelsSchema.safeParse(result.body);
  if (!parsed.success) return { reachable: true, error: 'unexpected /models response', modelIds: [] };
  return { reachable: true, modelIds: parsed.data.data.map((model) => model.id) };
}
