import type { ModelLocation } from '../core/model-profile.js';

export type ProviderKind = 'openai' | 'anthropic' | 'google' | 'openai-compatible' | 'ollama' | 'embedded';

export interface ProviderPreset {
  kind: ProviderKind;
  label: string;
  baseURL?: string;
  /** Environment variables holding the API key, first one set wins. Empty for keyless local servers. */
  apiKeyEnv: string[];
  location: ModelLocation;
  /** Where to get a key or how to start the server. */
  setupHint: string;
}

/** Known providers: configuring one needs only its key in the environment (or a running local server). */
export const PROVIDER_PRESETS: Record<string, ProviderPreset> = {
  openai: {
    kind: 'openai',
    label: 'OpenAI',
    baseURL: 'https://api.openai.com/v1',
    apiKeyEnv: ['OPENAI_API_KEY'],
    location: 'external',
    setupHint: 'set OPENAI_API_KEY (https://platform.openai.com/api-keys)',
  },
  anthropic: {
    kind: 'anthropic',
    label: 'Anthropic',
    baseURL: 'https://api.anthropic.com/v1',
    apiKeyEnv: ['ANTHROPIC_API_KEY'],
    location: 'external',
    setupHint: 'set ANTHROPIC_API_KEY (https://console.anthropic.com/)',
  },
  google: {
    kind: 'google',
    label: 'Google Gemini',
    baseURL: 'https://generativelanguage.googleapis.com/v1beta',
    apiKeyEnv: ['GEMINI_API_KEY', 'GOOGLE_GENERATIVE_AI_API_KEY', 'GOOGLE_API_KEY'],
    location: 'external',
    setupHint: 'set GEMINI_API_KEY (https://aistudio.google.com/apikey)',
  },
  groq: compatible(
    'Groq',
    'https://api.groq.com/openai/v1',
    ['GROQ_API_KEY'],
    'https://console.groq.com/keys',
  ),
  deepinfra: compatible(
    'DeepInfra',
    'https://api.deepinfra.com/v1/openai',
    ['DEEPINFRA_API_KEY', 'DEEPINFRA_TOKEN'],
    'https://deepinfra.com/dash/api_keys',
  ),
  together: compatible(
    'Together AI',
    'https://api.together.xyz/v1',
    ['TOGETHER_API_KEY'],
    'https://api.together.ai/',
  ),
  cerebras: compatible(
    'Cerebras',
    'https://api.cerebras.ai/v1',
    ['CEREBRAS_API_KEY'],
    'https://cloud.cerebras.ai/',
  ),
  mistral: compatible(
    'Mistral',
    'https://api.mistral.ai/v1',
    ['MISTRAL_API_KEY'],
    'https://console.mistral.ai/',
  ),
  fireworks: compatible(
    'Fireworks',
    'https://api.fireworks.ai/inference/v1',
    ['FIREWORKS_API_KEY'],
    'https://fireworks.ai/account/api-keys',
  ),
  huggingface: compatible(
    'Hugging Face router',
    'https://router.huggingface.co/v1',
    ['HF_TOKEN', 'HF_API_TOKEN', 'HUGGINGFACE_API_KEY'],
    'https://huggingface.co/settings/tokens',
  ),
  deepseek: compatible(
    'DeepSeek',
    'https://api.deepseek.com/v1',
    ['DEEPSEEK_API_KEY'],
    'https://platform.deepseek.com/',
  ),
  cohere: compatible(
    'Cohere',
    'https://api.cohere.ai/compatibility/v1',
    ['COHERE_API_KEY', 'CO_API_KEY'],
    'https://dashboard.cohere.com/api-keys',
  ),
  ai21: compatible('AI21', 'https://api.ai21.com/studio/v1', ['AI21_API_KEY'], 'https://studio.ai21.com/'),
  openrouter: compatible(
    'OpenRouter',
    'https://openrouter.ai/api/v1',
    ['OPENROUTER_API_KEY'],
    'https://openrouter.ai/keys',
  ),
  ollama: {
    kind: 'ollama',
    label: 'Ollama',
    baseURL: 'http://127.0.0.1:11434',
    apiKeyEnv: [],
    location: 'local',
    setupHint: 'start Ollama (https://ollama.com) and pull a model, e.g. `ollama pull llama3.2:3b`',
  },
  vllm: localServer('vLLM', 'http://127.0.0.1:8000/v1', 'start `vllm serve <model>`'),
  llamacpp: localServer(
    'llama.cpp server',
    'http://127.0.0.1:8080/v1',
    'start `llama-server -m <model.gguf>`',
  ),
  lmstudio: localServer('LM Studio', 'http://127.0.0.1:1234/v1', 'start the LM Studio local server'),
  embedded: {
    kind: 'embedded',
    label: 'embedded llama.cpp',
    apiKeyEnv: [],
    location: 'local',
    setupHint:
      'put a .gguf file in the models directory or run `conclave models pull hf:<owner>/<repo>/<file.gguf>`',
  },
};

function compatible(label: string, baseURL: string, apiKeyEnv: string[], keyPage: string): ProviderPreset {
  return {
    kind: 'openai-compatible',
    label,
    baseURL,
    apiKeyEnv,
    location: 'external',
    setupHint: `set ${apiKeyEnv[0]} (${keyPage})`,
  };
}

function localServer(label: string, baseURL: string, setupHint: string): ProviderPreset {
  return { kind: 'openai-compatible', label, baseURL, apiKeyEnv: [], location: 'local', setupHint };
}
