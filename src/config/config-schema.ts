import { z } from 'zod';
import { LATENCY_CLASSES, LICENSE_TIERS } from '../core/model-profile.js';
import { TASK_CLASSES } from '../core/task-class.js';
import { councilConfigSchema } from './sections/council.js';
import { ensembleConfigSchema } from './sections/ensemble.js';
import { evaluationConfigSchema } from './sections/evaluation.js';
import { learningConfigSchema } from './sections/learning.js';
import { pipelinesConfigSchema } from './sections/pipelines.js';

const taskClass = z.enum(TASK_CLASSES);
const licenseTier = z.enum(LICENSE_TIERS);
const objective = z.enum(['quality', 'cost', 'speed', 'balanced']);
const positiveInt = z.number().int().positive();
const nonNegative = z.number().min(0);
const unitInterval = z.number().min(0).max(1);

/** Byte sizes may be written as numbers or strings such as "4GB" / "512 MiB". */
const byteSize = z.union([
  z.number().int().nonnegative(),
  z.string().regex(/^\s*\d+(\.\d+)?\s*(b|kb|kib|mb|mib|gb|gib|tb|tib)?\s*$/i),
]);

export const providerConfigSchema = z.strictObject({
  type: z.enum(['openai', 'anthropic', 'google', 'openai-compatible', 'ollama', 'embedded']).optional(),
  baseURL: z.url().optional(),
  apiKey: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  location: z.enum(['local', 'external']).optional(),
  enabled: z.boolean().default(true),
  /** Upstream limits respected before they are hit. */
  rpm: positiveInt.optional(),
  tpm: positiveInt.optional(),
  maxConcurrency: positiveInt.optional(),
});

const priceSchema = z.strictObject({ inputPerMTok: nonNegative, outputPerMTok: nonNegative });

const supportsSchema = z.strictObject({
  streaming: z.boolean().optional(),
  tools: z.boolean().optional(),
  vision: z.boolean().optional(),
  json: z.boolean().optional(),
  embeddings: z.boolean().optional(),
  prefill: z.boolean().optional(),
});

/** A model in config either overrides fields of a built-in profile (same id) or adds a custom model. */
export const modelConfigSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().optional(),
  family: z.string().optional(),
  provider: z.string().optional(),
  providerModelId: z.string().optional(),
  location: z.enum(['local', 'external']).optional(),
  license: licenseTier.optional(),
  contextWindow: positiveInt.optional(),
  maxOutputTokens: positiveInt.optional(),
  price: priceSchema.optional(),
  latency: z
    .strictObject({
      class: z.enum(LATENCY_CLASSES).optional(),
      ttftMs: nonNegative.optional(),
      tokensPerSec: nonNegative.optional(),
    })
    .optional(),
  strengths: z.array(taskClass).optional(),
  weaknesses: z.array(taskClass).optional(),
  quality: z.partialRecord(taskClass, unitInterval).optional(),
  supports: supportsSchema.optional(),
  specialist: taskClass.optional(),
  memoryBytes: byteSize.optional(),
  /** Path of a GGUF file for the embedded engine. */
  path: z.string().optional(),
  fallbacks: z.array(z.string()).optional(),
  aliases: z.array(z.string()).optional(),
  enabled: z.boolean().default(true),
  rpm: positiveInt.optional(),
  tpm: positiveInt.optional(),
  source: z.string().optional(),
});

export const configSchema = z.strictObject({
  providers: z.record(z.string(), providerConfigSchema).default({}),
  models: z.array(modelConfigSchema).default([]),
  /** Default model per task class, e.g. `code: deepseek-coder-6.7b-instruct`. */
  defaults: z.partialRecord(taskClass, z.string()).default({}),
  /** Fallbacks keyed by task class or model id; values are task classes (their default model) or model ids. */
  fallbacks: z.record(z.string(), z.array(z.string())).default({}),
  routing: z
    .strictObject({
      objective: objective.default('balanced'),
      keywords: z.partialRecord(taskClass, z.array(z.string())).default({}),
      patterns: z.partialRecord(taskClass, z.array(z.string())).default({}),
      minQuality: unitInterval.optional(),
      maxCostUsd: nonNegative.optional(),
      licenses: z.array(licenseTier).optional(),
      allow: z.array(z.string()).optional(),
      deny: z.array(z.string()).optional(),
      exploration: unitInterval.default(0.05),
      /** File written by `conclave eval report` / `conclave router train`. */
      evidenceFile: z.string().optional(),
      routerModelFile: z.string().optional(),
      classifierFile: z.string().optional(),
    })
    .prefault({}),
  timeouts: z
    .strictObject({
      attemptMs: positiveInt.default(60_000),
      firstTokenMs: positiveInt.default(30_000),
      stallMs: positiveInt.default(30_000),
      deadlineMs: positiveInt.default(180_000),
    })
    .prefault({}),
  retry: z
    .strictObject({
      maxAttempts: positiveInt.default(3),
      baseDelayMs: nonNegative.default(250),
      maxDelayMs: nonNegative.default(8_000),
      maxRetriesPerMinute: positiveInt.default(60),
    })
    .prefault({}),
  circuit: z
    .strictObject({
      failureThreshold: positiveInt.default(5),
      openMs: positiveInt.default(30_000),
    })
    .prefault({}),
  privacy: z
    .strictObject({
      allowExternal: z.boolean().default(false),
      secretScan: z.boolean().default(true),
      onSecret: z.enum(['block', 'redact']).default('block'),
    })
    .prefault({}),
  server: z
    .strictObject({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65_535).default(4141),
      maxBodyBytes: byteSize.default('4mb'),
      adminKey: z.string().optional(),
      /** Forward OpenAI requests to OpenAI-compatible upstreams without re-encoding (the fast path). */
      passthrough: z.boolean().default(true),
      maxConcurrency: positiveInt.default(256),
      maxQueuedPerKey: positiveInt.default(512),
    })
    .prefault({}),
  store: z
    .strictObject({
      path: z.string().optional(),
      retentionDays: positiveInt.default(30),
    })
    .prefault({}),
  local: z
    .strictObject({
      modelsDir: z.string().optional(),
      threads: positiveInt.optional(),
      contextSize: positiveInt.default(4096),
      memoryBudget: byteSize.optional(),
      pressureThreshold: unitInterval.default(0.9),
      gpuLayers: z.union([z.number().int().nonnegative(), z.literal('auto')]).default(0),
      demoModel: z.boolean().default(true),
    })
    .prefault({}),
  discovery: z
    .strictObject({
      ollama: z.boolean().default(true),
      localServers: z.boolean().default(true),
      timeoutMs: positiveInt.default(300),
    })
    .prefault({}),
  /** Custom archetypes, or overrides of built-in ones (`addModels` appends to the rotation). */
  archetypes: z
    .record(
      z.string().regex(/^[a-z][a-z0-9_]*$/, 'archetype names are lowercase words joined by _'),
      z.strictObject({
        title: z.string().optional(),
        focus: z.string().optional(),
        prompt: z.string().optional(),
        preferences: z.array(z.string()).min(1).optional(),
        addModels: z.array(z.string()).optional(),
      }),
    )
    .default({}),
  council: councilConfigSchema,
  ensemble: ensembleConfigSchema,
  pipelines: pipelinesConfigSchema,
  learning: learningConfigSchema,
  evaluation: evaluationConfigSchema,
  rotation: z
    .strictObject({
      timezone: z.string().default('UTC'),
      date: z.iso.date().optional(),
    })
    .prefault({}),
});

export type ConclaveConfigInput = z.input<typeof configSchema>;
export type ConclaveConfig = z.output<typeof configSchema>;
export type ProviderConfig = z.output<typeof providerConfigSchema>;
export type ModelConfig = z.output<typeof modelConfigSchema>;
