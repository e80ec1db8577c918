import type { LanguageModelV4Message, LanguageModelV4Prompt } from '@ai-sdk/provider';
import type { Archetype } from '../../catalog/archetypes.js';
import type { StoredMessage } from '../../learning/training-store.js';
import type { AggregateEntry } from './council-run.js';

export interface PromptContext {
  question: string;
  history: readonly StoredMessage[];
}

const user = (text: string): LanguageModelV4Message => ({ role: 'user', content: [{ type: 'text', text }] });
const assistant = (text: string): LanguageModelV4Message => ({
  role: 'assistant',
  content: [{ type: 'text', text }],
});

function historyMessages(history: readonly StoredMessage[]): LanguageModelV4Message[] {
  return history.flatMap((message) =>
    message.role === 'user'
      ? [user(message.content)]
      : message.role === 'assistant'
        ? [assistant(message.content)]
        : [],
  );
}

function historyText(history: readonly StoredMessage[]): string {
  if (history.length === 0) return '';
  const turns = history
    .filter((message) => message.role === 'user' || message.role === 'assistant')
    .map((message) => `${message.role === 'user' ? 'User' : 'Council'}: ${message.content}`);
  return `Conversation so far:\n${turns.join('\n\n')}\n\n`;
}

/** Round 1: the member answers in its role, after the conversation so far. */
export function answerPrompt(archetype: Archetype, context: PromptContext): LanguageModelV4Prompt {
  return [
    { role: 'system', content: archetype.prompt },
    ...historyMessages(context.history),
    user(context.question),
  ];
}

/** Debate rounds: the member sees its previous answer and the others', and revises. */
export function revisionPrompt(
  archetype: Archetype,
  context: PromptContext,
  round: number,
  own: string,
  others: readonly { title: string; text: string }[],
): LanguageModelV4Prompt {
  const peers = others.map((other) => `### ${other.title}\n${other.text}`).join('\n\n');
  return [
    ...answerPrompt(archetype, context),
    assistant(own),
    user(
      `Round ${round} of the council's debate. The other members answered:\n\n${peers}\n\n` +
        'Weigh their points against yours: keep what holds, correct what does not, and give your complete revised answer.',
    ),
  ];
}

/** Stage 2: the reviewer sees the other members' answers under labels only, never its own. */
export function reviewPrompt(
  archetype: Archetype,
  context: PromptContext,
  labelled: readonly { label: string; text: string }[],
): LanguageModelV4Prompt {
  const responses = labelled.map((entry) => `Response ${entry.label}:\n${entry.text}`).join('\n\n');
  const format = labelled.map((entry, index) => `${index + 1}. Response ${entry.label}`).join('\n');
  return [
    { role: 'system', content: archetype.prompt },
    user(
      `${historyText(context.history)}Question: ${context.question}\n\n` +
        `Here are anonymous answers from other council members:\n\n${responses}\n\n` +
        'Evaluate each response on accuracy, insight and usefulness: say briefly what it does well and what it gets wrong. ' +
        'Then end your reply with your ranking, best first, in exactly this format and with nothing after it:\n\n' +
        `FINAL RANKING:\n${format}\n\n(The order above is only an example; every label appears exactly once.)`,
    ),
  ];
}

export const CHAIRMAN_SYSTEM_PROMPT =
  "You are the chairman of a council of experts. Several members with different roles answered the user's question and reviewed each other's answers anonymously. Write the council's single final answer: combine the strongest points, resolve disagreements explicitly, drop what the review showed to be weak, and do not mention the review process unless it matters to the user.";

/** Stage 3: the chairman reads every answer and the aggregate ranking, and writes the final answer. */
export function synthesisPrompt(
  context: PromptContext,
  answers: readonly { title: string; text: string }[],
  aggregate: readonly AggregateEntry[] | undefined,
  titleOf: (member: string) => string,
): LanguageModelV4Prompt {
  const body = answers.map((answer) => `### ${answer.title}\n${answer.text}`).join('\n\n');
  const ranking = aggregate?.length
    ? aggregate
        .map(
          (entry, index) =>
            `${index + 1}. ${titleOf(entry.member)} — ${
              entry.averageRank === null
                ? 'not ranked'
                : `average rank ${entry.averageRank} from ${entry.votes} vote${entry.votes === 1 ? '' : 's'}`
            }`,
        )
        .join('\n')
    : 'No peer review was held.';
  return [
    { role: 'system', content: CHAIRMAN_SYSTEM_PROMPT },
    ...historyMessages(context.history),
    user(
      `Question: ${context.question}\n\nThe council's answers:\n\n${body}\n\n` +
        `Peer ranking (anonymous review, 1 = best):\n${ranking}\n\nWrite the council's final answer to the question.`,
    ),
  ];
}
