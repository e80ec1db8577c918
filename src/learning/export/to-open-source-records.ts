import type { StoredMessage } from '../training-store.js';
import { InvalidRecordError } from './invalid-record.js';
import type { ExampleRecord, PairRecord } from './select-training-data.js';
import { toOpenAITools } from './to-openai-records.js';

/** A message as Hugging Face chat templates (and so TRL) read it. */
interface TrlMessage {
  role: StoredMessage['role'];
  content: string;
  tool_calls?: { type: 'function'; function: { name: string; arguments: Record<string, unknown> } }[];
}

export function toTrlMessage(message: StoredMessage): TrlMessage {
  if (!message.toolCalls) return { role: message.role, content: message.content };
  return {
    role: message.role,
    content: message.content,
    tool_calls: message.toolCalls.map((call) => ({
      type: 'function',
      function: { name: call.name, arguments: parseArguments(call.arguments) },
    })),
  };
}

/** TRL conversational language modeling: the whole conversation, the answer last. */
export function toTrlSft(record: ExampleRecord): unknown {
  const tools = toOpenAITools(record.tools);
  return {
    messages: [...record.messages.map(toTrlMessage), { role: 'assistant', content: record.response }],
    ...(tools ? { tools } : {}),
  };
}

/** TRL conversational prompt-completion: loss on the completion only. */
export function toTrlPromptCompletion(record: ExampleRecord): unknown {
  const tools = toOpenAITools(record.tools);
  return {
    prompt: record.messages.map(toTrlMessage),
    completion: [{ role: 'assistant', content: record.response }],
    ...(tools ? { tools } : {}),
  };
}

/** TRL preference data with an explicit prompt (DPOTrainer). */
export function toTrlDpo(record: PairRecord): unknown {
  return {
    prompt: record.messages.map(toTrlMessage),
    chosen: [{ role: 'assistant', content: record.chosen }],
    rejected: [{ role: 'assistant', content: record.rejected }],
  };
}

/**
 * ShareGPT: system prompt on its own, then human/gpt turns (tool calls as function_call, results as
 * observation). Consecutive turns of the same side are merged so the turns alternate as readers require.
 */
export function toShareGpt(record: ExampleRecord): unknown {
  const system = record.messages
    .filter((message) => message.role === 'system')
    .map((message) => message.content);
  const turns: { from: string; value: string }[] = [];
  const push = (from: string, value: string) => {
    const last = turns.at(-1);
    if (last && last.from === from && (from === 'human' || from === 'gpt')) last.value += `\n\n${value}`;
    else turns.push({ from, value });
  };
  for (const message of record.messages) {
    if (message.role === 'user') push('human', message.content);
    else if (message.role === 'tool') push('observation', message.content);
    else if (message.role === 'assistant' && message.toolCalls) {
      for (const call of message.toolCalls)
        push('function_call', JSON.stringify({ name: call.name, arguments: parseArguments(call.arguments) }));
    } else if (message.role === 'assistant') push('gpt', message.content);
  }
  push('gpt', record.response);
  const tools = toOpenAITools(record.tools);
  return {
    conversations: turns,
    ...(system.length > 0 ? { system: system.join('\n\n') } : {}),
    ...(tools ? { tools: JSON.stringify(tools.map((tool) => tool.function)) } : {}),
  };
}

/**
 * Alpaca: the last user message is the instruction, earlier user/assistant exchanges the history. A
 * conversation with tool turns cannot be written as Alpaca: it is counted as invalid and skipped.
 */
export function toAlpaca(record: ExampleRecord): unknown {
  const system = record.messages
    .filter((message) => message.role === 'system')
    .map((message) => message.content);
  const turns = record.messages.filter((message) => message.role !== 'system');
  const last = turns.at(-1);
  const history: [string, string][] = [];
  for (let index = 0; index + 1 < turns.length - 1; index += 2) {
    const [question, answer] = [turns[index]!, turns[index + 1]!];
    if (question.role !== 'user' || answer.role !== 'assistant' || answer.toolCalls)
      throw new InvalidRecordError('Alpaca cannot express tool turns or out-of-order turns');
    history.push([question.content, answer.content]);
  }
  if (turns.length % 2 === 0 || last?.role !== 'user')
    throw new InvalidRecordError('Alpaca needs the conversation to end with a user message');
  return {
    instruction: last.content,
    input: '',
    output: record.response,
    ...(system.length > 0 ? { system: system.join('\n\n') } : {}),
    ...(history.length > 0 ? { history } : {}),
  };
}

/** The product brief's record: prompt messages, the answer and what is known about its quality. */
export function toConclaveRecord(record: ExampleRecord): unknown {
  return {
    messages: record.messages.map((message) => ({ role: message.role, content: message.content })),
    response: record.response,
    quality_score: record.quality,
    task_type: record.taskType,
    models_agreed: record.modelsAgreed,
    user_feedback: record.feedback ?? null,
    models: record.models,
    source: record.sourceKind,
  };
}

function parseArguments(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : { value: parsed };
  } catch {
    return { raw: text };
  }
}
