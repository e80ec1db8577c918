import type { LanguageModelV4CallOptions, SharedV4Warning } from '@ai-sdk/provider';
import type { Llama, LlamaGrammar } from 'node-llama-cpp';

/** Sampling defaults of llama.cpp's own server, used when the caller leaves a setting open. */
const DEFAULT_TEMPERATURE = 0.8;
const DEFAULT_TOP_K = 40;
const DEFAULT_TOP_P = 0.95;

export interface LlamaSamplingSettings {
  temperature: number;
  topK?: number;
  topP?: number;
  seed?: number;
  repeatPenalty?: { presencePenalty?: number; frequencyPenalty?: number };
  customStopTriggers?: string[];
}

export interface LlamaCallSettings {
  sampling: LlamaSamplingSettings;
  grammar?: LlamaGrammar;
  warnings: SharedV4Warning[];
}

async function resolveGrammar(
  llama: Llama,
  responseFormat: LanguageModelV4CallOptions['responseFormat'],
  warnings: SharedV4Warning[],
): Promise<LlamaGrammar | undefined> {
  if (responseFormat?.type !== 'json') return undefined;
  if (responseFormat.schema !== undefined) {
    try {
      // node-llama-cpp compiles the schema to a GBNF grammar, so the output is guaranteed to match it.
      // Its parameter type is a compile-time schema literal; ours arrives at runtime, validated by the compiler.
      const createGrammar = llama.createGrammarForJsonSchema.bind(llama) as (
        schema: unknown,
      ) => Promise<LlamaGrammar>;
      return await createGrammar(responseFormat.schema);
    } catch (error) {
      warnings.push({
        type: 'compatibility',
        feature: 'responseFormat.schema',
        details: `The JSON schema could not be compiled to a grammar (${(error as Error).message}); any JSON is accepted.`,
      });
    }
  }
  return llama.getGrammarFor('json');
}

/** Translates AI SDK call options into node-llama-cpp generation settings, warning about what cannot apply. */
export async function resolveLlamaCallSettings(
  llama: Llama,
  options: LanguageModelV4CallOptions,
): Promise<LlamaCallSettings> {
  // Tools and tool choice are handled with the chat history (llama-generation.ts).
  const warnings: SharedV4Warning[] = [];

  const temperature = options.temperature ?? DEFAULT_TEMPERATURE;
  const sampling: LlamaSamplingSettings = { temperature };
  // Temperature 0 means greedy decoding; top-k/top-p would be no-ops there.
  if (temperature > 0) {
    sampling.topK = options.topK ?? DEFAULT_TOP_K;
    sampling.topP = options.topP ?? DEFAULT_TOP_P;
  }
  if (options.seed !== undefined) sampling.seed = options.seed;
  if (options.presencePenalty !== undefined || options.frequencyPenalty !== undefined) {
    sampling.repeatPenalty = {};
    if (options.presencePenalty !== undefined)
      sampling.repeatPenalty.presencePenalty = options.presencePenalty;
    if (options.frequencyPenalty !== undefined)
      sampling.repeatPenalty.frequencyPenalty = options.frequencyPenalty;
  }
  const stopSequences = options.stopSequences?.filter((sequence) => sequence.length > 0) ?? [];
  if (stopSequences.length > 0) sampling.customStopTriggers = stopSequences;

  const grammar = await resolveGrammar(llama, options.responseFormat, warnings);
  return grammar === undefined ? { sampling, warnings } : { sampling, grammar, warnings };
}
