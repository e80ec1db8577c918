import type { RoutingBenchmarkReport } from './run-routing-benchmark.js';

/** Plain-language caveats printed under every report, so figures are never read without their rules. */
export function describeReport(report: Omit<RoutingBenchmarkReport, 'notes'>): string[] {
  const { split } = report;
  const notes: string[] = [];
  if (split.kind === 'file') {
    notes.push(`Split: the file's own train/test split (train ${split.trainSize}, test ${split.testSize}).`);
  } else {
    notes.push(
      `Split: the file has no train split; fixed-seed 50/50 split stratified by task (seed ${split.seed}; train ${split.trainSize}, test ${split.testSize}).`,
    );
  }
  if (split.droppedFromTrain.length > 0) {
    notes.push(
      `Dropped ${split.droppedFromTrain.length} train ids that also appear in test: ${split.droppedFromTrain.join(', ')}.`,
    );
  }
  if (split.missingOutcomeCells > 0) {
    notes.push(
      `${split.missingOutcomeCells} (query, model) cells have no upstream outcome; they count as wrong (0).`,
    );
  }
  notes.push('Every router is fitted on train only; all figures are measured on test.');
  if (split.hasCosts) {
    notes.push(
      'quality / costPerQuery: single models at their own point; routers at the price-blind end of their sweep (λ = 0). ' +
        'AIQ: area under the non-decreasing convex hull of the sweep, extended flat, over [cheapest, dearest single model cost], divided by that range. ' +
        'costToMatchBest: cheapest point of the hull reaching the best single model (chosen on train) quality.',
    );
  } else {
    notes.push(
      'No prices in this file: cost metrics are null. Scored routers report quality at 50% strong calls; ' +
        'APGR / CPT use the router score p(strong) − p(weak) (ties broken at random in expectation).',
    );
  }
  if (report.pair) notes.push(`Two-model pair: strong = ${report.pair.strong}, weak = ${report.pair.weak}.`);
  return notes;
}
