import type { StoredMessage, TrainingStore } from '../../learning/training-store.js';
import type { CouncilCall, CouncilRun } from './council-run.js';

/** Quality of a synthesis when reviewers agree on nothing, and what full agreement adds. */
export const BASE_QUALITY = 0.5;
export const AGREEMENT_WEIGHT = 0.4;

/**
 * Turns a finished run into training data: every pair of ranked answers with different average ranks becomes a
 * preference pair (better average chosen, margin = rank difference), and the chairman's synthesis becomes a
 * training example candidate whose quality grows with how much the reviewers agreed on the winner. Runs inside
 * the run's store transaction, so the data is committed with the run or not at all.
 */
export function learnFromCouncil(
  training: TrainingStore,
  run: CouncilRun,
  answers: ReadonlyMap<string, CouncilCall>,
  taskType: string,
): CouncilRun['learning'] {
  const messages: StoredMessage[] = [...run.history, { role: 'user', content: run.question }];
  const ranked = (run.review?.aggregate ?? []).filter((entry) => entry.averageRank !== null);
  const preferencePairs: string[] = [];
  for (const [index, better] of ranked.entries()) {
    for (const worse of ranked.slice(index + 1)) {
      const margin = worse.averageRank! - better.averageRank!;
      const chosen = answers.get(better.member);
      const rejected = answers.get(worse.member);
      if (margin <= 0 || !chosen || !rejected) continue;
      preferencePairs.push(
        training.addPreferencePair({
          sourceKind: 'council',
          sourceId: run.id,
          taskType,
          messages,
          chosen: chosen.text,
          rejected: rejected.text,
          chosenModel: chosen.model,
          rejectedModel: rejected.model,
          margin: Math.round(margin * 1000) / 1000,
        }),
      );
    }
  }
  const agreement = run.review?.agreement;
  if (!run.synthesis?.call.ok || agreement === undefined) return { preferencePairs };
  const example = training.collect({
    sourceKind: 'council',
    sourceId: run.id,
    taskType,
    messages,
    response: run.synthesis.call.text,
    models: [run.synthesis.call.model, ...[...answers.values()].map((call) => call.model)],
    base: BASE_QUALITY + AGREEMENT_WEIGHT * agreement,
    modelsAgreed: agreement === 1,
    metadata: { preset: run.preset, agreement, members: run.members.map((member) => member.archetype) },
  });
  return { preferencePairs, example };
}
