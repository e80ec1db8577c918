import type { LatencyClass, LicenseTier, ModelPrice, ModelSupports } from '../core/model-profile.js';
import type { TaskClass } from '../core/task-class.js';

/** One place a model can be called: a provider preset name and that provider's id for the model. */
export interface CatalogHost {
  provider: string;
  model: string;
  /** Price on this host when it differs from the entry's reference price. */
  price?: ModelPrice;
}

/** A built-in model profile (data). Hosts are in preference order; local hosts win when available. */
export interface CatalogEntry {
  id: string;
  name: string;
  family: string;
  license: LicenseTier;
  contextWindow: number;
  maxOutputTokens?: number;
  latency: LatencyClass;
  strengths: TaskClass[];
  weaknesses: TaskClass[];
  /** 0..1 prior quality per task class (estimates from public benchmarks; learned evidence overrides them). */
  quality: Partial<Record<TaskClass, number>>;
  supports: Partial<ModelSupports>;
  specialist?: TaskClass;
  /** Parameter count in billions, used to estimate memory for local runs (≈0.6 GB per B at Q4). */
  parametersB?: number;
  /** Reference public price of the first cloud host (USD per 1M tokens); local runs cost 0. */
  price: ModelPrice;
  hosts: CatalogHost[];
  /** Where the price and context figures come from. */
  source: string;
  aliases?: string[];
}

/** Quality priors: a base level per model with bumps for its strengths and penalties for its weaknesses. */
export function priors(
  base: number,
  strengths: readonly TaskClass[],
  weaknesses: readonly TaskClass[] = [],
  overrides: Partial<Record<TaskClass, number>> = {},
): Partial<Record<TaskClass, number>> {
  const classes: TaskClass[] = [
    'quick',
    'deep',
    'code',
    'math',
    'creative',
    'analysis',
    'tool-use',
    'general',
  ];
  const quality: Partial<Record<TaskClass, number>> = {};
  for (const taskClass of classes) {
    let value = base;
    if (strengths.includes(taskClass)) value += 0.08;
    if (weaknesses.includes(taskClass)) value -= 0.12;
    quality[taskClass] = Math.round(Math.min(0.99, Math.max(0.05, value)) * 100) / 100;
  }
  return { ...quality, ...overrides };
}
