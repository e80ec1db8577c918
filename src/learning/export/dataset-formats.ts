import type { z } from 'zod';
import type { ExportFormat } from '../../config/sections/learning.js';
import {
  alpacaSchema,
  conclaveRecordSchema,
  openaiChatSchema,
  openaiPreferenceSchema,
  shareGptSchema,
  trlDpoSchema,
  trlPromptCompletionSchema,
  trlSftSchema,
} from './format-schemas.js';
import type { ExampleRecord, PairRecord } from './select-training-data.js';
import {
  toAlpaca,
  toConclaveRecord,
  toShareGpt,
  toTrlDpo,
  toTrlPromptCompletion,
  toTrlSft,
} from './to-open-source-records.js';
import { toOpenAIChat, toOpenAIPreference } from './to-openai-records.js';

export type DatasetFormat =
  | {
      id: ExportFormat;
      source: 'examples';
      description: string;
      schema: z.ZodType;
      convert(record: ExampleRecord): unknown;
    }
  | {
      id: ExportFormat;
      source: 'pairs';
      description: string;
      schema: z.ZodType;
      convert(record: PairRecord): unknown;
    };

/** Every export format: what it is built from, how, and the schema each written line must satisfy. */
export const DATASET_FORMATS: Record<ExportFormat, DatasetFormat> = {
  'openai-chat': {
    id: 'openai-chat',
    source: 'examples',
    description:
      'OpenAI supervised fine-tuning: messages (+ tools), answer weight 1, earlier answers weight 0',
    schema: openaiChatSchema,
    convert: toOpenAIChat,
  },
  'openai-preference': {
    id: 'openai-preference',
    source: 'pairs',
    description: 'OpenAI DPO: input, preferred_output, non_preferred_output (also read by Together)',
    schema: openaiPreferenceSchema,
    convert: toOpenAIPreference,
  },
  'trl-sft': {
    id: 'trl-sft',
    source: 'examples',
    description: 'TRL SFTTrainer, conversational: messages',
    schema: trlSftSchema,
    convert: toTrlSft,
  },
  'trl-sft-prompt-completion': {
    id: 'trl-sft-prompt-completion',
    source: 'examples',
    description: 'TRL SFTTrainer, conversational prompt/completion (loss on the answer only)',
    schema: trlPromptCompletionSchema,
    convert: toTrlPromptCompletion,
  },
  'trl-dpo': {
    id: 'trl-dpo',
    source: 'pairs',
    description: 'TRL DPOTrainer: prompt, chosen, rejected',
    schema: trlDpoSchema,
    convert: toTrlDpo,
  },
  sharegpt: {
    id: 'sharegpt',
    source: 'examples',
    description: 'ShareGPT conversations (LLaMA-Factory, Axolotl)',
    schema: shareGptSchema,
    convert: toShareGpt,
  },
  alpaca: {
    id: 'alpaca',
    source: 'examples',
    description: 'Alpaca: instruction, input, output (+ system, history)',
    schema: alpacaSchema,
    convert: toAlpaca,
  },
  conclave: {
    id: 'conclave',
    source: 'examples',
    description:
      "Conclave's own record: messages, response, quality_score, task_type, models_agreed, user_feedback",
    schema: conclaveRecordSchema,
    convert: toConclaveRecord,
  },
};
