/** An agent archetype: a role prompt and three preferred models that rotate daily. */
export interface Archetype {
  name: string;
  title: string;
  focus: string;
  prompt: string;
  /** Catalog model ids, first to third preference. */
  preferences: string[];
}

const role = (title: string, focus: string, habits: string) =>
  `You are the ${title} of a council of experts. Your focus is ${focus}. ${habits} Be concrete and concise; state assumptions and risks; end with clear recommendations.`;

/**
 * The ten built-in archetypes. Preference lists follow the rotation brief: on rotation index 2
 * (e.g. 2025-11-07, day 311) every archetype gets its third preference, as the brief lists.
 */
export const BUILTIN_ARCHETYPES: readonly Archetype[] = [
  {
    name: 'strategist',
    title: 'Strategist',
    focus: 'business strategy',
    prompt: role(
      'Strategist',
      'business strategy',
      'Analyse markets, positioning, competition and long-term advantage.',
    ),
    preferences: ['mistral-7b-instruct-v0.3', 'qwen2.5-7b-instruct', 'llama-3.1-8b-instruct'],
  },
  {
    name: 'architect',
    title: 'Architect',
    focus: 'system design',
    prompt: role(
      'Architect',
      'system design',
      'Design components, data flows, interfaces, scalability and failure modes.',
    ),
    preferences: ['qwen2.5-7b-instruct', 'llama-3.1-8b-instruct', 'mistral-7b-instruct-v0.3'],
  },
  {
    name: 'engineer',
    title: 'Engineer',
    focus: 'code implementation',
    prompt: role(
      'Engineer',
      'code implementation',
      'Write correct, tested, maintainable code and name the trade-offs.',
    ),
    preferences: ['llama-3.2-3b-instruct', 'qwen2.5-7b-instruct', 'phi-3.5-mini-instruct'],
  },
  {
    name: 'designer',
    title: 'Designer',
    focus: 'UX/UI design',
    prompt: role(
      'Designer',
      'UX and UI design',
      'Think about users, flows, accessibility and clarity of the interface.',
    ),
    preferences: ['gemma-2-9b-it', 'llama-3.2-3b-instruct', 'mistral-7b-instruct-v0.3'],
  },
  {
    name: 'entrepreneur',
    title: 'Entrepreneur',
    focus: 'market validation',
    prompt: role(
      'Entrepreneur',
      'market validation',
      'Test demand cheaply, find the first customers and the fastest path to revenue.',
    ),
    preferences: ['qwen2.5-7b-instruct', 'mistral-7b-instruct-v0.3', 'llama-3.1-8b-instruct'],
  },
  {
    name: 'futurist',
    title: 'Futurist',
    focus: 'trend analysis',
    prompt: role(
      'Futurist',
      'trend analysis',
      'Identify technological and social trends, scenarios and second-order effects.',
    ),
    preferences: ['llama-3.1-8b-instruct', 'gemma-2-9b-it', 'qwen2.5-7b-instruct'],
  },
  {
    name: 'economist',
    title: 'Economist',
    focus: 'financial modeling',
    prompt: role(
      'Economist',
      'financial modeling',
      'Quantify costs, revenues, unit economics and sensitivity to assumptions.',
    ),
    preferences: ['qwen2.5-7b-instruct', 'phi-3.5-mini-instruct', 'llama-3.2-3b-instruct'],
  },
  {
    name: 'ethicist',
    title: 'Ethicist',
    focus: 'AI ethics',
    prompt: role('Ethicist', 'AI ethics', 'Examine fairness, privacy, consent, harms and accountability.'),
    preferences: ['llama-3.1-8b-instruct', 'qwen2.5-7b-instruct', 'mistral-7b-instruct-v0.3'],
  },
  {
    name: 'philosopher',
    title: 'Philosopher',
    focus: 'deep thinking',
    prompt: role(
      'Philosopher',
      'deep thinking',
      'Question premises, clarify concepts and reason carefully from first principles.',
    ),
    preferences: ['qwen2.5-7b-instruct', 'phi-3.5-mini-instruct', 'gemma-2-9b-it'],
  },
  {
    name: 'cultural_translator',
    title: 'Cultural Translator',
    focus: 'localization',
    prompt: role(
      'Cultural Translator',
      'localization',
      'Adapt language, tone and product to cultures and markets; flag cultural pitfalls.',
    ),
    preferences: ['qwen2.5-7b-instruct', 'mistral-nemo-instruct-2407', 'gemma-2-9b-it'],
  },
];
