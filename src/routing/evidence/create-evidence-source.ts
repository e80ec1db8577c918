import type { ModelProfile } from '../../core/model-profile.js';
import { sampleBeta } from '../../core/sampling.js';
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
