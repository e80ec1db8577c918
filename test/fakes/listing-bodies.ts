import type { RouteName } from './recorded-request.js';

export interface ListingOptions {
  /** Served by GET /v1/models and GET /api/tags. */
  models: string[];
  /** Served by GET /api/ps (models Ollama holds in memory). */
  runningModels: string[];
  created: number;
}

const FAKE_SIZE = 2_019_393_189;

/** Success bodies of the discovery routes, shaped like OpenAI's and Ollama's real answers. */
export function listingBody(route: RouteName, options: ListingOptions): unknown {
  const modifiedAt = new Date(options.created * 1000).toISOString();
  switch (route) {
    case 'models':
      return {
        object: 'list',
        data: options.models.map((id) => ({
          id,
          object: 'model',
          created: options.created,
          owned_by: 'fake',
        })),
      };
    case 'tags':
      return { models: options.models.map((name) => ({ ...ollamaModel(name), modified_at: modifiedAt })) };
    case 'ps':
      return {
        models: options.runningModels.map((name) => ({
          ...ollamaModel(name),
          expires_at: new Date(options.created * 1000 + 300_000).toISOString(),
          size_vram: 0,
        })),
      };
    case 'version':
      return { version: '0.12.0' };
    default:
      return {};
  }
}

function ollamaModel(name: string) {
  const [family = name, tag = 'latest'] = name.split(':');
  return {
    name: name.includes(':') ? name : `${name}:latest`,
    model: name.includes(':') ? name : `${name}:latest`,
    size: FAKE_SIZE,
    digest: `${Buffer.from(name).toString('hex').padEnd(64, '0').slice(0, 64)}`,
    details: {
      parent_model: '',
      format: 'gguf',
      family: family.replace(/[\d.]+$/, ''),
      families: [family.replace(/[\d.]+$/, '')],
      parameter_size: /^\d/.test(tag) ? tag.toUpperCase() : '3.2B',
      quantization_level: 'Q4_K_M',
    },
  };
}

/** OpenAI /v1/embeddings: one vector per input, deterministic so tests can compare them. */
export function embeddingsBody(body: unknown, model: string, fixed: number[] | undefined): unknown {
  const request = (typeof body === 'object' && body !== null ? body : {}) as {
    input?: unknown;
    dimensions?: unknown;
  };
  const inputs = Array.isArray(request.input) ? request.input.map(String) : [String(request.input ?? '')];
  const dimensions = typeof request.dimensions === 'number' ? request.dimensions : 8;
  const tokens = inputs.reduce((total, input) => total + input.split(/\s+/).filter(Boolean).length, 0);
  return {
    object: 'list',
    data: inputs.map((input, index) => ({
      object: 'embedding',
      index,
      embedding: fixed ?? vectorFor(input, dimensions),
    })),
    model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}

function vectorFor(text: string, dimensions: number): number[] {
  let hash = 2166136261;
  for (const character of text) hash = Math.imul(hash ^ character.charCodeAt(0), 16777619) >>> 0;
  return Array.from({ length: dimensions }, (_, index) => {
    hash = Math.imul(hash ^ (index + 1), 2654435761) >>> 0;
    return Number(((hash / 0xffffffff) * 2 - 1).toFixed(6));
  });
}
