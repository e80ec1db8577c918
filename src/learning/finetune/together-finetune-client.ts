import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { FineTuneClient, FineTuneEvent, FineTuneSnapshot, FineTuneStatus } from './finetune-client.js';
import type { HttpClient } from './http-client.js';

const event = z.looseObject({
  created_at: z.string(),
  message: z.string(),
  type: z.string().optional(),
  level: z.string().nullish(),
});
const job = z.looseObject({
  id: z.string(),
  status: z.string(),
  model_output_name: z.string().nullish(),
  events: z.array(event).nullish(),
});

const STATUS: Record<string, FineTuneStatus> = {
  pending: 'queued',
  queued: 'queued',
  running: 'running',
  compressing: 'running',
  uploading: 'running',
  cancel_requested: 'running',
  completed: 'succeeded',
  error: 'failed',
  cancelled: 'cancelled',
};

/**
 * Together fine-tuning: `POST /files/upload` (multipart: file, file_name, purpose), `POST /fine-tunes` with an
 * sft or dpo training method (LoRA by default), `GET /fine-tunes/{id}`, `GET …/events`, `POST …/cancel`.
 */
export function createTogetherFineTuneClient(http: HttpClient): FineTuneClient {
  const toEvent = (value: z.infer<typeof event>): FineTuneEvent => ({
    id: createHash('sha1')
      .update(`${value.created_at}\u0000${value.type ?? ''}\u0000${value.message}`)
      .digest('hex'),
    createdAt: Date.parse(value.created_at) || 0,
    level:
      value.level === 'error' || value.type === 'job_error'
        ? 'error'
        : value.level === 'warning'
          ? 'warning'
          : 'info',
    message: value.message,
  });
  const snapshot = (value: unknown): FineTuneSnapshot => {
    const parsed = job.parse(value);
    const status = STATUS[parsed.status] ?? 'running';
    const failure = (parsed.events ?? [])
      .map(toEvent)
      .filter((item) => item.level === 'error')
      .at(-1);
    return {
      providerJobId: parsed.id,
      status,
      providerStatus: parsed.status,
      fineTunedModel: parsed.model_output_name ?? undefined,
      error: status === 'failed' ? (failure?.message ?? 'the job ended with status error') : undefined,
    };
  };
  return {
    provider: 'together',
    async uploadDataset(file) {
      const uploaded = await http.postFile(
        '/files/upload',
        { purpose: 'fine-tune', file_name: file.name, file_type: 'jsonl' },
        { field: 'file', name: file.name, content: file.content },
      );
      return z.looseObject({ id: z.string() }).parse(uploaded).id;
    },
    async createJob(spec) {
      return snapshot(
        await http.postJson('/fine-tunes', {
          training_file: spec.trainingFile,
          ...(spec.validationFile ? { validation_file: spec.validationFile, n_evals: 1 } : {}),
          model: spec.baseModel,
          suffix: spec.suffix,
          ...(spec.epochs ? { n_epochs: spec.epochs } : {}),
          ...(spec.learningRate ? { learning_rate: spec.learningRate } : {}),
          training_method:
            spec.method === 'dpo' ? { method: 'dpo' } : { method: 'sft', train_on_inputs: 'auto' },
        }),
      );
    },
    getJob: async (id) => snapshot(await http.getJson(`/fine-tunes/${encodeURIComponent(id)}`)),
    async listEvents(id) {
      const page = z
        .looseObject({ data: z.array(event) })
        .parse(await http.getJson(`/fine-tunes/${encodeURIComponent(id)}/events`));
      return page.data.map(toEvent).sort((left, right) => left.createdAt - right.createdAt);
    },
    cancelJob: async (id) =>
      snapshot(await http.postJson(`/fine-tunes/${encodeURIComponent(id)}/cancel`, {})),
  };
}
