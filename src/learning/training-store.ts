import { createHash, randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { redactSecrets } from '../privacy/scan-secrets.js';
import { type QualitySignals, qualityScore } from './quality-score.js';

/** One call an assistant message asked for; `arguments` is the JSON text the model wrote. */
export interface StoredToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** OpenAI chat format: what every exporter starts from. */
export interface StoredMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** Assistant messages that called tools. */
  toolCalls?: StoredToolCall[];
  /** Tool messages: the call they answer. */
  toolCallId?: string;
}

export interface ExampleInput extends QualitySignals {
  sourceKind: 'chat' | 'council' | 'ensemble' | 'pipeline' | 'distill' | 'feedback';
  sourceId: string;
  taskType: string;
  messages: StoredMessage[];
  response: string;
  models: string[];
  tools?: unknown[];
  metadata?: Record<string, unknown>;
  /** Where the base score came from: judge, agreement, feedback, demonstration, distill, prior. */
  evidence?: string;
}

export interface PreferencePairInput {
  sourceKind: 'council' | 'ensemble' | 'feedback';
  sourceId: string;
  taskType: string;
  messages: StoredMessage[];
  chosen: string;
  rejected: string;
  chosenModel?: string;
  rejectedModel?: string;
  /** How clearly chosen beat rejected (rank difference, judge margin). */
  margin?: number;
}

/**
 * Training data collected from answers: examples above the quality threshold and preference pairs.
 * Secrets are scrubbed before anything is written.
 */
export function createTrainingStore(
  database: DatabaseSync,
  { threshold = 0.7 }: { threshold?: number } = {},
) {
  const insertExample =
    database.prepare(`INSERT INTO training_examples (id, created_at, source_kind, source_id, task_type,
    messages_json, response, quality, models_json, models_agreed, feedback_score, tools_json, metadata_json, content_hash,
    base_quality, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertPair =
    database.prepare(`INSERT INTO preference_pairs (id, created_at, source_kind, source_id, task_type,
    prompt_json, chosen, rejected, chosen_model, rejected_model, margin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  return {
    threshold,
    /** Scores the answer and stores it when the score passes the threshold. */
    collect(input: ExampleInput): { collected: boolean; quality: number; id?: string } {
      const quality = qualityScore(input);
      if (quality <= threshold || input.response.trim() === '') return { collected: false, quality };
      const messages = input.messages.map(scrubMessage);
      const response = redactSecrets(input.response);
      const id = randomUUID();
      insertExample.run(
        id,
        Date.now(),
        input.sourceKind,
        input.sourceId,
        input.taskType,
        JSON.stringify(messages),
        response,
        quality,
        JSON.stringify(input.models),
        input.modelsAgreed ? 1 : 0,
        input.feedback ?? null,
        input.tools ? JSON.stringify(input.tools) : null,
        input.metadata ? JSON.stringify(input.metadata) : null,
        contentHash(messages, response),
        input.base,
        input.evidence ?? null,
      );
      return { collected: true, quality, id };
    },
    addPreferencePair(input: PreferencePairInput): string {
      const id = randomUUID();
      insertPair.run(
        id,
        Date.now(),
        input.sourceKind,
        input.sourceId,
        input.taskType,
        JSON.stringify(input.messages.map(scrubMessage)),
        redactSecrets(input.chosen),
        redactSecrets(input.rejected),
        input.chosenModel ?? null,
        input.rejectedModel ?? null,
        input.margin ?? 1,
      );
      return id;
    },
  };
}

export type TrainingStore = ReturnType<typeof createTrainingStore>;

/** Secrets never reach the training tables, in text or in tool-call arguments. */
export function scrubMessage(message: StoredMessage): StoredMessage {
  return {
    ...message,
    content: redactSecrets(message.content),
    ...(message.toolCalls
      ? {
          toolCalls: message.toolCalls.map((call) => ({ ...call, arguments: redactSecrets(call.arguments) })),
        }
      : {}),
  };
}

/** Deduplication key: the normalised prompt and answer. */
export function contentHash(messages: StoredMessage[], response: string): string {
  const normalise = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();
  return createHash('sha256')
    .update(
      JSON.stringify([
        messages.map((message) =>
          message.toolCalls
            ? [
                message.role,
                normalise(message.content),
                message.toolCalls.map((call) => [call.name, call.arguments]),
              ]
            : [message.role, normalise(message.content)],
        ),
        normalise(response),
      ]),
    )
    .digest('hex');
}
