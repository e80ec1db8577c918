import type { FineTuneJobRecord } from './finetune-store.js';

/** One line (two on success) about a fine-tune job, for `conclave finetune status/start`. */
export function describeJob(job: FineTuneJobRecord): string {
  if (job.status === 'succeeded')
    return [
      `✅ ${job.id} succeeded: ${job.fineTunedModel} is in the catalog as "${job.modelName}".`,
      `Compare it before it takes traffic: conclave experiment create ${job.modelName}-ab --arms ${job.modelName},<current-model> --match-model <current-model>`,
    ].join('\n');
  if (job.status === 'failed')
    return `❌ ${job.id} failed: ${job.error ?? job.providerStatus ?? 'unknown error'}`;
  if (job.status === 'prepared')
    return `📁 ${job.id}: local training project for ${job.modelName} (${job.datasetPath})`;
  return `${job.id} (${job.provider} ${job.providerJobId ?? '—'}): ${job.providerStatus ?? job.status}, ${job.exampleCount} examples, base ${job.baseModel}`;
}
