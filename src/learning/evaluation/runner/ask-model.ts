import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import type { CallOptions, ChatRequest, ChatResult, ChatStreamPart } from '../../../core/chat-request.js';
import type { ChatStream } from '../../../orchestration/orchestration-context.js';
import type { CandidateAnswer } from '../graders/grade-types.js';
import type { EvaluationTask } from '../suite/evaluation-task.js';

export interface CellMetrics {
  /** From the start of the answering attempt to its first content part. */
  ttftMs?: number;
  latencyMs: number;
  tokensPerSec?: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** The request that asks `model` to do `task`: the model itself, no fallbacks, routed as the task type. */
export function taskRequest(
  task: EvaluationTask,
  model: string,
  consent: boolean,
  signal?: AbortSignal,
): ChatRequest {
  const prompt: LanguageModelV4Prompt = [
    ...(task.system ? [{ role: 'system' as const, content: task.system }] : []),
    { role: 'user', content: [{ type: 'text', text: task.prompt }] },
  ];
  const options: CallOptions = {
    maxOutputTokens: task.maxOutputTokens,
    temperature: task.temperature,
    tools: task.tools?.map((tool) => ({
      type: 'function' as const,
      name: tool.name,
      description: tool.description,
      inputSchema: tool.parameters,
    })),
    responseFormat: task.responseFormat === 'json' ? { type: 'json' } : undefined,
  };
  return {
    model,
    prompt,
    options,
    routing: { taskClass: task.taskType, allowFallbacks: false },
    kind: 'evaluation',
    consent,
    signal,
  };
}

const CONTENT_PARTS = new Set<ChatStreamPart['type']>([
  'text-delta',
  'reasoning-delta',
  'tool-input-start',
  'tool-call',
]);

/** Streams one answer and measures it; errors (routing, upstream, budget) propagate to the caller. */
export async function askModel(
  stream: (request: ChatRequest) => ChatStream,
  request: ChatRequest,
  now: () => number = () => performance.now(),
): Promise<{ answer: CandidateAnswer; metrics: CellMetrics; result: ChatResult }> {
  let attemptStartedAt = now();
  let firstContentAt: number | undefined;
  const running = stream(request);
  for await (const part of running.parts) {
    // A retry restarts the clock: speed is measured on the attempt that answered.
    if (part.type === 'conclave-attempt') {
      attemptStartedAt = now();
      firstContentAt = undefined;
    }
    if (firstContentAt === undefined && CONTENT_PARTS.has(part.type)) firstContentAt = now();
  }
  const result = await running.result;
  const latencyMs = now() - attemptStartedAt;
  const ttftMs = firstContentAt === undefined ? undefined : firstContentAt - attemptStartedAt;
  const generationMs = ttftMs === undefined ? 0 : latencyMs - ttftMs;
  const metrics: CellMetrics = {
    ttftMs: round(ttftMs),
    latencyMs: round(latencyMs)!,
    // Tokens after the first one, over the time they took; undefined when too fast to measure.
    tokensPerSec:
      result.usage.outputTokens > 1 && generationMs >= 1
        ? round(((result.usage.outputTokens - 1) * 1000) / generationMs)
        : undefined,
    inputTokens: result.usage.inputTokens,
    outputTokens: result.usage.outputTokens,
    costUsd: result.costUsd,
  };
  return { answer: answerOf(result), metrics, result };
}

function answerOf(result: ChatResult): CandidateAnswer {
  const toolCalls = result.content.flatMap((part) =>
    part.type === 'tool-call' ? [{ name: part.toolName, arguments: parseInput(part.input) }] : [],
  );
  return { text: result.text, toolCalls };
}

function parseInput(input: string): unknown {
  try {
    return JSON.parse(input);
  } catch {
    return input;
  }
}

function round(value: number | undefined): number | undefined {
  return value === undefined ? undefined : Math.round(value * 10) / 10;
}
