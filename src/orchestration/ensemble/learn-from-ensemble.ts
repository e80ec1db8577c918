import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import { promptToMessages } from '../../learning/prompt-to-messages.js';
import type { TrainingStore } from '../../learning/training-store.js';
import type { EnsembleRun } from './ensemble-run.js';
import type { StrategyOutcome } from './ensemble-types.js';

/**
 * The learning hook, run inside the store transaction that records the run: an answer whose quality (its
 * confidence, raised when members agreed) passes the training threshold becomes a training example; every judge
 * preference becomes a preference pair. Runs without an answer (errors, no consensus) teach nothing.
 */
export function learnFromEnsemble(
  training: TrainingStore,
  run: EnsembleRun,
  outcome: StrategyOutcome,
  conversation: LanguageModelV4Prompt,
  collect: boolean,
): void {
  if (run.status !== 'ok') return;
  const messages = promptToMessages(conversation) ?? [{ role: 'user' as const, content: run.question }];
  const metadata = {
    strategy: run.strategy,
    confidence: run.confidence,
    agreement: run.agreement,
    members: run.modelsUsed,
    ...(run.stoppedAt ? { stoppedAt: run.stoppedAt.stage } : {}),
  };
  if (collect) {
    const stored = training.collect({
      sourceKind: 'ensemble',
      sourceId: run.id,
      taskType: run.taskType,
      messages,
      response: run.answer,
      models: run.modelsUsed,
      base: run.confidence,
      modelsAgreed: run.modelsAgreed,
      evidence: run.source === 'judge' ? 'judge' : 'agreement',
      metadata,
    });
    run.learning.quality = stored.quality;
    run.learning.collected = stored.collected;
    run.learning.exampleId = stored.id;
  }
  for (const preference of outcome.preferences) {
    run.learning.preferencePairs.push(
      training.addPreferencePair({
        sourceKind: 'ensemble',
        sourceId: run.id,
        taskType: run.taskType,
        messages,
        chosen: preference.chosen.text,
        rejected: preference.rejected.text,
        chosenModel: preference.chosen.model,
        rejectedModel: preference.rejected.model,
        margin: preference.margin,
      }),
    );
  }
}
