import type { PhaseDefinition, PhaseKind, PipelineDefinition } from './pipeline-types.js';

/** A linear chain of phases with every default: each phase depends on the one before. */
function chain(...kinds: PhaseKind[]): PhaseDefinition[] {
  return kinds.map((kind, index) => ({
    name: kind,
    kind,
    dependsOn: index > 0 ? [kinds[index - 1]!] : [],
  }));
}

/** The brief's five agent profiles. A config profile with the same name replaces one of these. */
export const BUILTIN_PROFILES: readonly PipelineDefinition[] = [
  {
    name: 'coding',
    description: 'Code generation and refactoring; high accuracy',
    taskClass: 'code',
    objective: 'quality',
    instructions:
      'Domain: software engineering. Solutions are working, idiomatic code with brief explanations where needed.',
    phases: chain('planning', 'generation', 'review', 'refinement'),
    source: 'built-in',
  },
  {
    name: 'database',
    description: 'SQL generation and data operations; accuracy and speed',
    taskClass: 'code',
    objective: 'balanced',
    instructions:
      'Domain: databases. Solutions are correct, safe SQL (or data-access code) for the stated database, with indexes and transactions where they matter.',
    phases: chain('planning', 'generation', 'validation'),
    source: 'built-in',
  },
  {
    name: 'analysis',
    description: 'Data analysis and insights; accuracy and reasoning',
    taskClass: 'analysis',
    objective: 'quality',
    instructions:
      'Domain: analysis. Solutions state findings, the evidence for each, and caveats; numbers are checked.',
    phases: chain('research', 'generation', 'review', 'validation'),
    source: 'built-in',
  },
  {
    name: 'web-scraping',
    description: 'Web extraction and parsing; speed and accuracy',
    taskClass: 'code',
    objective: 'speed',
    instructions:
      'Domain: web scraping. Solutions are robust extraction code or selectors that respect robots.txt and handle missing elements.',
    phases: chain('planning', 'generation', 'validation'),
    source: 'built-in',
  },
  {
    name: 'documentation',
    description: 'Documentation writing; clarity and accuracy',
    taskClass: 'general',
    objective: 'quality',
    instructions:
      'Domain: technical documentation. Solutions are clear, well-structured Markdown with accurate examples.',
    phases: chain('research', 'generation', 'review', 'refinement'),
    source: 'built-in',
  },
];
