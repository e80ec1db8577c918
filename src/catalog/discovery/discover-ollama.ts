import { z } from 'zod';
import { ollamaRoot } from '../../providers/ollama-root.js';
import { type FetchFunction, fetchJson } from './fetch-json.js';

const tagsSchema = z.object({
  models: z.array(
    z.object({ name: z.string(), size: z.number().optional(), details: z.unknown().optional() }),
  ),
});
const psSchema = z.object({
  models: z.array(z.object({ name: z.string(), size_vram: z.number().optional() })),
});

export interface OllamaDiscovery {
  reachable: boolean;
  error?: string;
  models: { name: string; sizeBytes?: number }[];
  /** Models currently loaded in memory (`/api/ps`). */
  running: string[];
}

/** Lists installed and running models of an Ollama server (`/api/tags`, `/api/ps`). */
export async function discoverOllama(
  baseURL: string,
  { timeoutMs, fetch }: { timeoutMs: number; fetch?: FetchFunction },
): Promise<OllamaDiscovery> {
  const root = ollamaRoot(baseURL);
  const tags = await fetchJson(`${root}/api/tags`, { timeoutMs, fetch });
  // A server that answered (even with an error) is reachable; only a refused or silent one is not.
  if (!tags.ok) return { reachable: tags.status !== undefined, error: tags.error, models: [], running: [] };
  const parsedTags = tagsSchema.safeParse(tags.body);
  if (!parsedTags.success)
    return { reachable: true, error: 'unexpected /api/tags response', models: [], running: [] };
  const ps = await fetchJson(`${root}/api/ps`, { timeoutMs, fetch });
  const parsedPs = ps.ok ? psSchema.safeParse(ps.body) : undefined;
  return {
    reachable: true,
    models: parsedTags.data.models.map((model) => ({ name: model.name, sizeBytes: model.size })),
    running: parsedPs?.success ? parsedPs.data.models.map((model) => model.name) : [],
  };
}
