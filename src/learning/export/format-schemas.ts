import { z } from 'zod';

/*
 * One schema per dataset format, as its consumer documents it. Every exported line is checked against its
 * schema before it is written, and tests parse the files back through the same schemas.
 */

const nonEmpty = z.string().refine((text) => text.trim() !== '', 'must not be empty');

// OpenAI fine-tuning: chat format (supervised) and preference format (DPO).
const openaiToolCall = z.strictObject({
  id: nonEmpty,
  type: z.literal('function'),
  function: z.strictObject({ name: nonEmpty, arguments: z.string() }),
});
const openaiTool = z.strictObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: nonEmpty,
    description: z.string().optional(),
    parameters: z.unknown().optional(),
  }),
});
const openaiMessage = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('system'), content: nonEmpty }),
  z.strictObject({ role: z.literal('user'), content: nonEmpty }),
  z
    .strictObject({
      role: z.literal('assistant'),
      content: z.string().optional(),
      tool_calls: z.array(openaiToolCall).min(1).optional(),
      weight: z.union([z.literal(0), z.literal(1)]).optional(),
    })
    .refine((message) => (message.content ?? '').trim() !== '' || message.tool_calls, {
      message: 'an assistant message needs content or tool_calls',
    }),
  z.strictObject({ role: z.literal('tool'), tool_call_id: nonEmpty, content: z.string() }),
]);
export const openaiChatSchema = z
  .strictObject({ messages: z.array(openaiMessage).min(2), tools: z.array(openaiTool).optional() })
  .refine((record) => record.messages.some((message) => message.role === 'user'), 'needs a user message')
  .refine((record) => record.messages.at(-1)?.role === 'assistant', 'must end with the assistant answer')
  .refine(
    (record) => record.messages.some((message) => message.role === 'assistant' && message.weight !== 0),
    'needs at least one assistant message with weight 1',
  );

const assistantOutput = z
  .array(z.strictObject({ role: z.literal('assistant'), content: nonEmpty }))
  .length(1);
export const openaiPreferenceSchema = z.strictObject({
  input: z
    .strictObject({
      messages: z.array(openaiMessage).min(1),
      tools: z.array(openaiTool).optional(),
    })
    .refine((input) => input.messages.at(-1)?.role === 'user', 'input must end with a user message'),
  preferred_output: assistantOutput,
  non_preferred_output: assistantOutput,
});

// TRL (Hugging Face): conversational language modeling, prompt-completion and preference datasets.
const trlToolCall = z.strictObject({
  type: z.literal('function'),
  function: z.strictObject({ name: nonEmpty, arguments: z.record(z.string(), z.unknown()) }),
});
const trlMessage = z.strictObject({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string(),
  tool_calls: z.array(trlToolCall).optional(),
  name: z.string().optional(),
});
const trlConversation = z.array(trlMessage).min(1);
const trlAssistantTurn = z
  .array(trlMessage.extend({ role: z.literal('assistant'), content: nonEmpty }))
  .length(1);
export const trlSftSchema = z
  .strictObject({ messages: trlConversation.min(2), tools: z.array(openaiTool).optional() })
  .refine((record) => record.messages.at(-1)?.role === 'assistant', 'must end with the assistant answer');
export const trlPromptCompletionSchema = z
  .strictObject({
    prompt: trlConversation,
    completion: trlAssistantTurn,
    tools: z.array(openaiTool).optional(),
  })
  .refine((record) => record.prompt.at(-1)?.role !== 'assistant', 'the prompt must not end with an answer');
export const trlDpoSchema = z
  .strictObject({ prompt: trlConversation, chosen: trlAssistantTurn, rejected: trlAssistantTurn })
  .refine((record) => record.prompt.at(-1)?.role === 'user', 'the prompt must end with a user message');

// ShareGPT (as LLaMA-Factory and Axolotl read it): human/observation turns alternate with gpt/function_call.
const shareGptTurn = z.strictObject({
  from: z.enum(['human', 'gpt', 'function_call', 'observation']),
  value: z.string(),
});
export const shareGptSchema = z
  .strictObject({
    conversations: z.array(shareGptTurn).min(2),
    system: z.string().optional(),
    tools: z.string().optional(),
  })
  .refine(
    (record) =>
      record.conversations.every((turn, index) =>
        index % 2 === 0
          ? ['human', 'observation'].includes(turn.from)
          : ['gpt', 'function_call'].includes(turn.from),
      ),
    'turns must alternate human/observation → gpt/function_call',
  )
  .refine((record) => record.conversations.at(-1)?.from === 'gpt', 'must end with a gpt turn');

// Alpaca (Stanford format, plus LLaMA-Factory's optional system and history).
export const alpacaSchema = z.strictObject({
  instruction: nonEmpty,
  input: z.string(),
  output: nonEmpty,
  system: z.string().optional(),
  history: z.array(z.tuple([z.string(), z.string()])).optional(),
});

// Conclave's own record: the product brief's training-data format.
export const conclaveRecordSchema = z.strictObject({
  messages: z
    .array(z.strictObject({ role: z.enum(['system', 'user', 'assistant', 'tool']), content: z.string() }))
    .min(1),
  response: nonEmpty,
  quality_score: z.number().min(0).max(1),
  task_type: nonEmpty,
  models_agreed: z.boolean(),
  user_feedback: z.number().min(0).max(1).nullable(),
  models: z.array(z.string()),
  source: nonEmpty,
});
