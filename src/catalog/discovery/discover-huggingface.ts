import { z } from 'zod';
import { ConclaveError } from '../../core/conclave-error.js';
import { type FetchFunction, fetchJson } from './fetch-json.js';

const whoamiSchema = z.object({ name: z.string() });
const modelListSchema = z.array(
  z.object({ id: z.string(), pipeline_tag: z.string().optional(), tags: z.array(z.string()).optional() }),
);

export interface HuggingFaceModel {
  id: string;
  pipelineTag: string | undefined;
  /** From the model's tags: a text-generation model marked conversational or with a chat template. */
  looksLikeChat: boolean;
  /** Only with `test`: whether a one-token chat request through the router succeeded. */
  chatWorks?: boolean;
  testError?: string;
}

export interface DiscoverHuggingFaceOptions {
  token: string;
  /** Account or organisation; defaults to the token's owner (`/api/whoami-v2`). */
  author?: string;
  hubUrl?: string;
  routerUrl?: string;
  test?: boolean;
  timeoutMs?: number;
  fetch?: FetchFunction;
}

/** A Hugging Face account's models, and (with `test`) whether each answers the chat API. */
export async function discoverHuggingFace(
  options: DiscoverHuggingFaceOptions,
): Promise<{ author: string; models: HuggingFaceModel[] }> {
  const hubUrl = (options.hubUrl ?? 'https://huggingface.co').replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const headers = { authorization: `Bearer ${options.token}` };
  let author = options.author;
  if (!author) {
    const whoami = await fetchJson(`${hubUrl}/api/whoami-v2`, { timeoutMs, headers, fetch: options.fetch });
    const parsed = whoami.ok ? whoamiSchema.safeParse(whoami.body) : undefined;
    if (!parsed?.success) {
      throw new ConclaveError(
        'auth',
        `Hugging Face did not accept the token (${whoami.ok ? 'unexpected answer' : whoami.error}).`,
        {
          hint: 'Set HF_TOKEN to a valid token from https://huggingface.co/settings/tokens.',
        },
      );
    }
    author = parsed.data.name;
  }
  const list = await fetchJson(
    `${hubUrl}/api/models?author=${encodeURIComponent(author)}&full=true&limit=100`,
    {
      timeoutMs,
      headers,
      fetch: options.fetch,
    },
  );
  if (!list.ok) throw new ConclaveError('upstream', `Cannot list the models of ${author}: ${list.error}.`);
  const parsedList = modelListSchema.safeParse(list.body);
  if (!parsedList.success)
    throw new ConclaveError('upstream', 'Hugging Face returned an unexpected model list.');
  const models = parsedList.data.map((model) => ({
    id: model.id,
    pipelineTag: model.pipeline_tag,
    looksLikeChat:
      model.pipeline_tag === 'text-generation' &&
      (model.tags ?? []).some((tag) => tag === 'conversational' || tag === 'chat'),
  }));
  if (!options.test) return { author, models };
  const routerUrl = (options.routerUrl ?? 'https://router.huggingface.co/v1').replace(/\/+$/, '');
  const tested = [];
  for (const model of models)
    tested.push({ ...model, ...(await testChat(routerUrl, model.id, options, timeoutMs)) });
  return { author, models: tested };
}

async function testChat(
  routerUrl: string,
  modelId: string,
  options: DiscoverHuggingFaceOptions,
  timeoutMs: number,
): Promise<{ chatWorks: boolean; testError?: string }> {
  const fetch = options.fetch ?? globalThis.fetch;
  try {
    const response = await fetch(`${routerUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: modelId, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 1 }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return response.ok
      ? { chatWorks: true }
      : { chatWorks: false, testError: `HTTP ${response.status}: ${text.slice(0, 160)}` };
  } catch (error) {
    return { chatWorks: false, testError: error instanceof Error ? error.message : String(error) };
  }
}
