import type { TaskClass } from '../../core/task-class.js';
import { DEFAULT_KEYWORDS, STRUCTURE_PATTERNS } from './default-keywords.js';

export interface ClassifierRules {
  keywords: Partial<Record<TaskClass, string[]>>;
  patterns: Partial<Record<TaskClass, string[]>>;
}

export interface ClassifyInput {
  lastUser: string;
  hasImage: boolean;
  hasTools: boolean;
  wantsEmbedding?: boolean;
  /** A learned classifier's opinion, blended with the rules when present. */
  learned?: { taskClass: TaskClass; probability: number };
}

export interface Classification {
  taskClass: TaskClass;
  confidence: number;
  signals: string[];
  complexity: 'simple' | 'normal' | 'complex';
  urgent: boolean;
  creative: boolean;
}

const SPECIALIST_CLASSES: TaskClass[] = ['code', 'math', 'creative', 'analysis'];

/** Compiles the keyword and regex rules once; classification itself is a few regex tests per class. */
export function createClassifier(rules: ClassifierRules) {
  const compiled = compileRules(rules);
  return (input: ClassifyInput): Classification => {
    const text = input.lastUser;
    const scores = new Map<TaskClass, number>();
    const signals: string[] = [];
    const add = (taskClass: TaskClass, weight: number, signal: string) => {
      scores.set(taskClass, (scores.get(taskClass) ?? 0) + weight);
      signals.push(signal);
    };
    if (input.wantsEmbedding) return fixed('embedding', 'embedding endpoint');
    if (input.hasImage) add('vision', 6, 'image in the prompt');
    if (input.hasTools) add('tool-use', 3, 'tools offered');
    for (const rule of STRUCTURE_PATTERNS)
      if (rule.pattern.test(text)) add(rule.taskClass, rule.weight, rule.signal);
    for (const rule of compiled) {
      const match = rule.pattern.exec(text);
      if (match) add(rule.taskClass, rule.weight, `${rule.kind}: ${match[0].toLowerCase().trim()}`);
    }
    if (input.learned && input.learned.probability >= 0.5) {
      add(
        input.learned.taskClass,
        3 * input.learned.probability,
        `learned classifier: ${input.learned.taskClass}`,
      );
    }
    const complexity = /\b(complex|in[- ]depth|detailed|comprehensive|thorough(ly)?)\b/i.test(text)
      ? 'complex'
      : /\b(simple|quick(ly)?|brief(ly)?|short)\b/i.test(text)
        ? 'simple'
        : 'normal';
    const urgent = /\b(urgent|asap|fast|quickly|right now)\b/i.test(text);
    const creative = /\b(creative|innovative|imaginative|original)\b/i.test(text);
    const words = text.split(/\s+/).filter(Boolean).length;
    if (scores.size === 0 && words > 0 && words <= 12) add('quick', 1, 'short prompt');
    if (words > 350) add('deep', 0.8, 'long prompt');
    const ranked = [...scores.entries()].sort((left, right) => right[1] - left[1]);
    const top = ranked[0];
    if (!top)
      return {
        taskClass: 'general',
        confidence: 0.5,
        signals: ['no specific signal'],
        complexity,
        urgent,
        creative,
      };
    // A specialist signal outranks the generic quick/deep cues: "quickly debug this" is a code task.
    const specialist = ranked.find(
      ([taskClass, score]) => SPECIALIST_CLASSES.includes(taskClass) && score >= top[1] * 0.6,
    );
    const [taskClass, score] = (top[0] === 'quick' || top[0] === 'deep') && specialist ? specialist : top;
    const total = ranked.reduce((sum, [, value]) => sum + value, 0);
    const confidence = round(Math.min(0.99, 0.5 + 0.5 * (score / total) * Math.min(1, score / 2.5)));
    return { taskClass, confidence, signals, complexity, urgent, creative };
  };

  function fixed(taskClass: TaskClass, signal: string): Classification {
    return {
      taskClass,
      confidence: 0.99,
      signals: [signal],
      complexity: 'normal',
      urgent: false,
      creative: false,
    };
  }
}

function compileRules(rules: ClassifierRules) {
  const compiled: { taskClass: TaskClass; pattern: RegExp; weight: number; kind: string }[] = [];
  const keywordClasses = new Set([
    ...Object.keys(DEFAULT_KEYWORDS),
    ...Object.keys(rules.keywords),
  ]) as Set<TaskClass>;
  for (const taskClass of keywordClasses) {
    const words = rules.keywords[taskClass] ?? DEFAULT_KEYWORDS[taskClass] ?? [];
    if (words.length === 0) continue;
    const alternatives = words.map((word) => escapeRegExp(word.toLowerCase())).join('|');
    compiled.push({
      taskClass,
      pattern: new RegExp(`\\b(?:${alternatives})\\b`, 'i'),
      weight: 1.2,
      kind: 'keyword',
    });
  }
  for (const [taskClass, patterns] of Object.entries(rules.patterns) as [TaskClass, string[]][]) {
    for (const source of patterns)
      compiled.push({ taskClass, pattern: new RegExp(source, 'i'), weight: 2, kind: 'pattern' });
  }
  return compiled;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
