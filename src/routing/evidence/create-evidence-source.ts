import type { ModelProfile } from '../../core/model-profile.js';
import type { TaskClass } from '../../core/task-class.js';
import type { EvidenceSource, QualityEstimate } from '../estimates.js';
import type { EvidenceFile } from './evidence-file.js';
import type { OutcomeEvidence } from './outcome-evidence.js';

export interface EvidenceSourceOptions {
  outcomes?: OutcomeEvidence;
  evidenceFile?: () => EvidenceFile | undefined;
  /** Live latency (EWMA) from the health tracker. */
  liveLatencyMs?: (model: string) => number | undefined;
  /** Share of decisions that sample quality from its posterior (Thompson sampling) so new models get tried. */
  exploration: number;
  /** Pseudo-count of the prior: how many observations the catalog prior is worth. */
  priorWeight?: number;
  random?: () => number;
  predictor?: EvidenceSource['predict'];
}

/**
 * Combines what Conclave knows about a model for a task class: measured evidence (eval battery) first, then
 * outcomes from the store shrunk toward the catalog prior, with bounded Thompson-sampling exploration.
 */
export function createEvidenceSource(options: EvidenceSourceOptions): EvidenceSource {
  const priorWeight = options.priorWeight ?? 10;
  const random = options.random ?? Math.random;
  return {
    quality(model: ModelProfile, taskClass: TaskClass, prior: number): QualityEstimate | undefined {
      const measured = options.evidenceFile?.()?.taskTypes[taskClass]?.models[model.id];
      let base = prior;
      let baseWeight = priorWeight;
      let source = 'catalog prior';
      let samples = 0;
      if (measured && measured.samples > 0) {
        base = measured.quality;
        baseWeight = priorWeight + measured.samples;
        source = 'evidence file';
        samples = measured.samples;
      }
      const observed = options.outcomes?.get(model.id, taskClass);
      if (!observed || observed.count === 0)
        return source === 'catalog prior' ? undefined : { value: base, source, samples };
      const alpha = base * baseWeight + observed.valueSum;
      const beta = (1 - base) * baseWeight + (observed.count - observed.valueSum);
      const mean = alpha / (alpha + beta);
      const explore = options.exploration > 0 && random() < options.exploration;
      return {
        value: explore ? sampleBeta(alpha, beta, random) : mean,
        source: `${source === 'catalog prior' ? 'outcomes' : `${source} + outcomes`}${explore ? ' (exploring)' : ''}`,
        samples: samples + Math.round(observed.count),
      };
    },
    latencyMs(model: ModelProfile): number | undefined {
      return options.liveLatencyMs?.(model.id) ?? options.outcomes?.get(model.id, 'general')?.latencyMs;
    },
    predict: options.predictor,
  };
}

/** Beta sample via two Gamma samples (Marsaglia–Tsang), enough for exploration. */
export function sampleBeta(alpha: number, beta: number, random: () => number): number {
  const x = sampleGamma(alpha, random);
  const y = sampleGamma(beta, random);
  return x / (x + y);
}

function sampleGamma(shape: number, random: () => number): number {
  if (shape < 1) return sampleGamma(shape + 1, random) * random() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  while (true) {
    let x: number;
    let v: number;
    do {
      const u1 = random() || Number.MIN_VALUE;
      const u2 = random();
      x = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}
