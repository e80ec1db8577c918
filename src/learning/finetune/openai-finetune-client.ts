import { z } from 'zod';
import type { FineTuneClient, FineTuneSnapshot, FineTuneStatus } from './finetune-client.js';
import type { HttpClient } from './http-client.js';

const fileObject = z.looseObject({ id: z.string() });
const job = z.looseObject({
  id: z.string(),
  status: z.string(),
  fine_tuned_model: z.string().nullish(),
  error: z.looseObject({ message: z.string().nullish(), code: z.string().nullish() }).nullish(),
});
const events = z.looseObject({
  data: z.array(
    z.looseObject({ id: z.string(), created_at: z.number(), level: z.string(), message: z.string() }),
  ),
});

const STATUS: Record<string, FineTuneStatus> = {
  validating_files: 'queued',
  queued: 'queued',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
};

/**
 * OpenAI fine-tuning: `POST /files` (purpose fine-tune), `POST /fine_tuning/jobs` with a supervised or dpo
 * method, `GET /fine_tuning/jobs/{id}`, `GET …/events` (newest first), `POST …/cancel`.
 */
export function createOpenAIFineTuneClient(http: HttpClient): FineTuneClient {
  const snapshot = (value: unknown): FineTuneSnapshot => {
    const parsed = job.parse(value);
    return {
      providerJobId: parsed.id,
      status: STATUS[parsed.status] ?? 'running',
      providerStatus: parsed.status,
      fineTunedModel: parsed.fine_tuned_model ?? undefined,
      error: parsed.error?.message ?? undefined,
    };
  };
  return {
    provider: 'openai',
    async uploadDataset(file) {
      const uploaded = await http.postFile(
        '/files',
        { purpose: 'fine-tune' },
        { field: 'file', name: file.name, content: file.content },
      );
      return fileObject.parse(uploaded).id;
    },
    async createJob(spec) {
      const hyperparameters = spec.epochs ? { n_epochs: spec.epochs } : {};
      const method =
        spec.method === 'dpo'
          ? { type: 'dpo', dpo: { hyperparameters } }
          : { type: 'supervised', supervised: { hyperparameters } };
      return snapshot(
        await http.postJson('/fine_tuning/jobs', {
          model: spec.baseModel,
          training_file: spec.trainingFile,
          ...(spec.validationFile ? { validation_file: spec.validationFile } : {}),
          suffix: spec.suffix,
          method,
        }),
      );
    },
    getJob: async (id) => snapshot(await http.getJson(`/fine_tuning/jobs/${encodeURIComponent(id)}`)),
    async listEvents(id) {
      const page = events.parse(
        await http.getJson(`/fine_tuning/jobs/${encodeURIComponent(id)}/events?limit=100`),
      );
      return page.data
        .map((event) => ({
          id: event.id,
          createdAt: event.created_at * 1000,
          level:
            event.level === 'error'
              ? ('error' as const)
              : event.level === 'warn'
                ? ('warning' as const)
                : ('info' as const),
          message: event.message,
        }))
        .reverse();
    },
    cancelJob: async (id) =>
      snapshot(await http.postJson(`/fine_tuning/jobs/${encodeURIComponent(id)}/cancel`, {})),
  };
}
