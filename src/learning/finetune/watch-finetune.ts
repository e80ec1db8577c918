import { setTimeout as sleep } from 'node:timers/promises';
import { ConclaveError } from '../../core/conclave-error.js';
import { type FineTunedModelsHost, fineTunedProfiles } from './fine-tuned-models.js';
import {
  type FineTuneClient,
  type FineTuneEvent,
  type FineTuneSnapshot,
  TERMINAL_STATUSES,
} from './finetune-client.js';
import { createFineTuneStore, type FineTuneJobRecord } from './finetune-store.js';

export interface WatchOptions {
  intervalMs: number;
  onEvent?: (event: FineTuneEvent) => void;
  onStatus?: (snapshot: FineTuneSnapshot) => void;
  /** Checked between polls: stop watching (the job keeps running at the provider). */
  shouldStop?: () => boolean;
  wait?: (milliseconds: number) => Promise<unknown>;
}

/**
 * Polls a job (status and new events) until it ends or the caller stops watching. When it succeeds, the new
 * model is stored and added to the engine's catalog under the job's model name.
 */
export async function watchFineTune(
  host: FineTunedModelsHost,
  client: FineTuneClient,
  reference: string,
  { intervalMs, onEvent, onStatus, shouldStop, wait = sleep }: WatchOptions,
): Promise<FineTuneJobRecord> {
  const store = createFineTuneStore(host.database);
  const job = store.get(reference);
  if (!job.providerJobId) throw notStarted(job);
  const seen = new Set<string>();
  let lastState = '';
  for (;;) {
    const snapshot = await client.getJob(job.providerJobId);
    for (const event of await client.listEvents(job.providerJobId)) {
      if (seen.has(event.id)) continue;
      seen.add(event.id);
      onEvent?.(event);
    }
    const state = `${snapshot.providerStatus}:${snapshot.progress ?? ''}`;
    if (state !== lastState) {
      lastState = state;
      onStatus?.(snapshot);
    }
    const updated = record(host, job, snapshot);
    if (TERMINAL_STATUSES.has(snapshot.status) || shouldStop?.()) return updated;
    await wait(intervalMs);
    if (shouldStop?.()) return updated;
  }
}

/** Asks the provider to cancel; returns the job as the provider reports it afterwards. */
export async function cancelFineTune(
  host: FineTunedModelsHost,
  client: FineTuneClient,
  reference: string,
): Promise<FineTuneJobRecord> {
  const job = createFineTuneStore(host.database).get(reference);
  if (!job.providerJobId) throw notStarted(job);
  if (job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled') {
    throw new ConclaveError('bad-request', `Fine-tune job ${job.id} already ended (${job.status}).`);
  }
  return record(host, job, await client.cancelJob(job.providerJobId));
}

function record(
  host: FineTunedModelsHost,
  job: FineTuneJobRecord,
  snapshot: FineTuneSnapshot,
): FineTuneJobRecord {
  const store = createFineTuneStore(host.database);
  const patch: Partial<FineTuneJobRecord> = {
    status: snapshot.status,
    providerStatus: snapshot.providerStatus,
    fineTunedModel: snapshot.fineTunedModel,
    error: snapshot.error,
  };
  store.update(job.id, patch);
  if (snapshot.status === 'succeeded') {
    if (!snapshot.fineTunedModel) {
      store.update(job.id, { error: 'the provider reported success without a model name' });
      return { ...job, ...patch };
    }
    store.addModel({
      id: job.modelName,
      provider: job.provider,
      providerModelId: snapshot.fineTunedModel,
      baseModel: job.baseModel,
      jobId: job.id,
    });
    const profile = fineTunedProfiles(host).find((candidate) => candidate.id === job.modelName);
    if (profile) host.registerModel(profile);
  }
  return { ...job, ...patch };
}

function notStarted(job: FineTuneJobRecord): ConclaveError {
  return new ConclaveError(
    'bad-request',
    `Fine-tune job ${job.id} has no provider job (${job.status}${job.error ? `: ${job.error}` : ''}).`,
    {
      hint:
        job.provider === 'local'
          ? 'Local jobs run on your machine: follow README.md in the project directory.'
          : 'Start a new job with `conclave finetune`.',
    },
  );
}
