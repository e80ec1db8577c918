import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { ConclaveError } from '../../core/conclave-error.js';
import type { FineTuneClient, FineTuneSnapshot, FineTuneStatus } from './finetune-client.js';
import type { HttpClient } from './http-client.js';

const dataset = z.looseObject({ name: z.string().optional(), state: z.string().optional() });
const job = z.looseObject({
  name: z.string(),
  state: z.string().optional(),
  status: z.looseObject({ code: z.string().optional(), message: z.string().optional() }).nullish(),
  outputModel: z.string().nullish(),
  jobProgress: z.looseObject({ percent: z.number().optional() }).nullish(),
});

const STATUS: Record<string, FineTuneStatus> = {
  JOB_STATE_UNSPECIFIED: 'queued',
  JOB_STATE_CREATING: 'queued',
  JOB_STATE_VALIDATING: 'queued',
  JOB_STATE_RUNNING: 'running',
  JOB_STATE_WRITING_RESULTS: 'running',
  JOB_STATE_ROLLOUT: 'running',
  JOB_STATE_EVALUATION: 'running',
  JOB_STATE_COMPLETED: 'succeeded',
  JOB_STATE_FAILED: 'failed',
  JOB_STATE_CANCELLED: 'cancelled',
  JOB_STATE_DELETING: 'cancelled',
};

/**
 * Fireworks supervised fine-tuning: a dataset record (`POST /accounts/{a}/datasets`), its file
 * (`POST …/datasets/{id}:upload`, multipart), then `POST /accounts/{a}/supervisedFineTuningJobs`,
 * `GET …/{id}` and `POST …/{id}:cancel`. Fireworks has no job events endpoint: progress comes from the job.
 */
export function createFireworksFineTuneClient(
  http: HttpClient,
  {
    accountId,
    datasetReadyPolls = 60,
    pollMs = 2_000,
  }: { accountId: string; datasetReadyPolls?: number; pollMs?: number },
): FineTuneClient {
  const account = `/accounts/${encodeURIComponent(accountId)}`;
  const snapshot = (value: unknown): FineTuneSnapshot => {
    const parsed = job.parse(value);
    const state = parsed.state ?? 'JOB_STATE_UNSPECIFIED';
    const status = STATUS[state] ?? 'running';
    return {
      providerJobId: parsed.name.split('/').at(-1) ?? parsed.name,
      status,
      providerStatus: state,
      fineTunedModel: status === 'succeeded' ? (parsed.outputModel ?? undefined) : undefined,
      error: status === 'failed' ? (parsed.status?.message ?? 'the job failed') : undefined,
      progress: parsed.jobProgress?.percent,
    };
  };
  return {
    provider: 'fireworks',
    async uploadDataset(file) {
      const datasetId = resourceId(file.name);
      await http.postJson(`${account}/datasets`, {
        datasetId,
        dataset: { userUploaded: {}, exampleCount: String(file.lines) },
      });
      await http.postFile(
        `${account}/datasets/${datasetId}:upload`,
        {},
        { field: 'file', name: file.name, content: file.content },
      );
      for (let poll = 0; poll < datasetReadyPolls; poll += 1) {
        const state = dataset.parse(await http.getJson(`${account}/datasets/${datasetId}`)).state;
        if (state === 'READY') return `accounts/${accountId}/datasets/${datasetId}`;
        await sleep(pollMs);
      }
      throw new ConclaveError('timeout', `Fireworks did not finish processing dataset ${datasetId}.`, {
        provider: 'fireworks',
        hint: 'Check the dataset in the Fireworks console, then run the fine-tune again.',
      });
    },
    async createJob(spec) {
      if (spec.method === 'dpo') {
        throw new ConclaveError(
          'bad-request',
          'Preference (DPO) fine-tuning is not supported for Fireworks here.',
          {
            hint: 'Use --method sft with Fireworks, or --provider together|openai for DPO.',
          },
        );
      }
      return snapshot(
        await http.postJson(`${account}/supervisedFineTuningJobs`, {
          displayName: spec.suffix,
          dataset: spec.trainingFile,
          baseModel: spec.baseModel,
          outputModel: `accounts/${accountId}/models/${resourceId(spec.suffix)}`,
          ...(spec.validationFile ? { evaluationDataset: spec.validationFile } : {}),
          ...(spec.epochs ? { epochs: spec.epochs } : {}),
          ...(spec.learningRate ? { learningRate: spec.learningRate } : {}),
        }),
      );
    },
    getJob: async (id) =>
      snapshot(await http.getJson(`${account}/supervisedFineTuningJobs/${encodeURIComponent(id)}`)),
    listEvents: async () => [],
    async cancelJob(id) {
      await http.postJson(`${account}/supervisedFineTuningJobs/${encodeURIComponent(id)}:cancel`, {});
      return snapshot(await http.getJson(`${account}/supervisedFineTuningJobs/${encodeURIComponent(id)}`));
    },
  };
}

/** Fireworks resource ids: lowercase letters, digits and hyphens, at most 63 characters. */
function resourceId(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/\.jsonl$/, '')
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 63) || 'conclave'
  );
}
