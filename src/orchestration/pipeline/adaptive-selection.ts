import type { PipelinesConfig } from '../../config/sections/pipelines.js';
import type { AdaptiveTraits } from './pipeline-types.js';

export const DEFAULT_ADAPTIVE_KEYWORDS = {
  simple: ['simple', 'basic', 'trivial', 'easy', 'straightforward', 'small'],
  complex: [
    'complex',
    'complicated',
    'advanced',
    'comprehensive',
    'in-depth',
    'sophisticated',
    'large-scale',
  ],
  speed: ['fast', 'urgent', 'urgently', 'asap', 'quick', 'quickly', 'immediately'],
  creative: ['creative', 'innovative', 'original', 'imaginative', 'novel'],
} as const;

type Trait = keyof typeof DEFAULT_ADAPTIVE_KEYWORDS;

/**
 * Reads the task's needs from keywords in the task and its string parameters (plus a `complexity`
 * parameter such as "high" or "low"). Only detection lives here; the planner applies the traits.
 */
export function detectTraits(
  task: string,
  parameters: Record<string, unknown>,
  adaptive: PipelinesConfig['adaptive'],
): AdaptiveTraits {
  const traits: AdaptiveTraits = {
    complexity: 'normal',
    speed: false,
    creative: false,
    signals: [],
    changes: [],
  };
  if (!adaptive.enabled) return traits;
  const text = [task, ...Object.values(parameters).filter((value) => typeof value === 'string')].join('\n');
  const found = (trait: Trait): string | undefined => {
    const words = adaptive[trait] ?? DEFAULT_ADAPTIVE_KEYWORDS[trait];
    for (const word of words) {
      const pattern = new RegExp(`(^|[^\\w-])${escapeRegExp(word)}($|[^\\w-])`, 'i');
      if (pattern.test(text)) return word;
    }
    return undefined;
  };
  const level = typeof parameters.complexity === 'string' ? parameters.complexity.toLowerCase() : '';
  const complexWord =
    found('complex') ?? (['high', 'complex'].includes(level) ? `complexity=${level}` : undefined);
  const simpleWord =
    found('simple') ?? (['low', 'simple'].includes(level) ? `complexity=${level}` : undefined);
  // "complex" outranks "simple" when both appear: under-serving a hard task costs more than over-serving an easy one.
  if (complexWord) {
    traits.complexity = 'complex';
    traits.signals.push(`complex: ${complexWord}`);
  } else if (simpleWord) {
    traits.complexity = 'simple';
    traits.signals.push(`simple: ${simpleWord}`);
  }
  const speedWord = found('speed');
  if (speedWord) {
    traits.speed = true;
    traits.signals.push(`speed: ${speedWord}`);
  }
  const creativeWord = found('creative');
  if (creativeWord) {
    traits.creative = true;
    traits.signals.push(`creative: ${creativeWord}`);
  }
  return traits;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}
