import { type FakeFineTuneServer, type JobPlan, startFakeFineTuneServer } from './fake-finetune-server.js';

/**
 * A loopback stand-in for Together's Files and Fine-tuning APIs with their real shapes: `POST /v1/files/upload`
 * (multipart: purpose, file_name, file[, file_type]) → file object; `POST /v1/fine-tunes` → FinetuneResponse;
 * `GET /v1/fine-tunes/{id}` advances one status per poll (pending → queued → running → completed | error);
 * `GET …/{id}/events` → `{ data: FineTuneEvent[] }`; `POST …/{id}/cancel` → cancel_requested, then cancelled.
 */
export async function startFakeTogetherFineTuning({
  apiKey = 'together-test',
  plan = 'succeed',
}: {
  apiKey?: string;
  plan?: JobPlan;
} = {}): Promise<FakeFineTuneServer & { jobs: Map<string, Record<string, unknown>> }> {
  const files = new Map<string, Record<string, unknown>>();
  const jobs = new Map<string, Record<string, unknown>>();
  const progress = new Map<string, number>();
  const steps =
    plan === 'fail'
      ? ['queued', 'running', 'error']
      : plan === 'hang'
        ? ['queued', 'running']
        : ['queued', 'running', 'uploading', 'completed'];
  const event = (type: string, message: string, level: string | null = null) => ({
    object: 'fine-tune-event',
    created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, (jobs.size + 1) * 10 + Math.random())).toISOString(),
    level,
    message,
    type,
    param_count: 0,
    token_count: 0,
    total_steps: 0,
    wandb_url: '',
    step: 0,
    checkpoint_path: '',
    model_path: '',
    training_offset: 0,
    hash: '',
  });
  const error = (status: number, message: string) => ({
    status,
    body: { error: { message, type: 'invalid_request_error' } },
  });
  const server = await startFakeFineTuneServer({
    apiKey,
    unauthorized: () => ({
      error: { message: 'Invalid API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' },
    }),
    notFound: (path) => ({ error: { message: `Not found: ${path}`, type: 'invalid_request_error' } }),
    routes: [
      [
        'POST',
        /^\/v1\/files\/upload$/,
        (request) => {
          const file = request.files?.file;
          if (request.fields?.purpose !== 'fine-tune' || !request.fields?.file_name || !file)
            return error(400, 'purpose, file_name and file are required');
          const id = `file-${crypto.randomUUID()}`;
          const object = {
            id,
            object: 'file',
            created_at: 1_735_689_600,
            filename: request.fields.file_name,
            bytes: Buffer.byteLength(file.content),
            purpose: 'fine-tune',
            Processed: true,
            FileType: request.fields.file_type ?? 'jsonl',
            LineCount: file.content.split('\n').filter(Boolean).length,
          };
          files.set(id, { ...object, content: file.content });
          return { status: 200, body: object };
        },
      ],
      [
        'POST',
        /^\/v1\/fine-tunes$/,
        (request) => {
          const body = request.json as Record<string, unknown>;
          if (typeof body.model !== 'string') return error(400, 'model is required');
          if (!files.has(String(body.training_file)))
            return error(400, `File ${String(body.training_file)} not found`);
          const id = `ft-${crypto.randomUUID()}`;
          const job = {
            id,
            status: 'pending',
            model: body.model,
            training_file: body.training_file,
            validation_file: body.validation_file ?? '',
            model_output_name: `fake-user/${String(body.model).split('/').at(-1)}-${String(body.suffix ?? 'ft')}-${id.slice(3, 11)}`,
            n_epochs: body.n_epochs ?? 1,
            training_method: body.training_method,
            suffix: body.suffix,
            created_at: '2026-01-01T00:00:00Z',
            updated_at: '2026-01-01T00:00:00Z',
            events: [event('job_pending', 'Fine tune request created')],
          };
          jobs.set(id, job);
          return { status: 200, body: job };
        },
      ],
      [
        'GET',
        /^\/v1\/fine-tunes\/([^/]+)\/events$/,
        (_request, match) => {
          const job = jobs.get(match[1]!);
          if (!job) return error(404, `Fine-tune job ${match[1]} not found`);
          return { status: 200, body: { data: job.events } };
        },
      ],
      [
        'POST',
        /^\/v1\/fine-tunes\/([^/]+)\/cancel$/,
        (_request, match) => {
          const job = jobs.get(match[1]!);
          if (!job) return error(404, `Fine-tune job ${match[1]} not found`);
          job.status = 'cancel_requested';
          (job.events as unknown[]).push(event('cancel_requested', 'Cancel requested'));
          return { status: 200, body: job };
        },
      ],
      [
        'GET',
        /^\/v1\/fine-tunes\/([^/]+)$/,
        (_request, match) => {
          const job = jobs.get(match[1]!);
          if (!job) return error(404, `Fine-tune job ${match[1]} not found`);
          const list = job.events as unknown[];
          if (job.status === 'cancel_requested') {
            job.status = 'cancelled';
            list.push(event('job_stopped', 'Job stopped'));
          } else if (job.status !== 'cancelled') {
            const step = Math.min((progress.get(String(job.id)) ?? -1) + 1, steps.length - 1);
            progress.set(String(job.id), step);
            const status = steps[step]!;
            if (status !== job.status) {
              if (status === 'running') list.push(event('training_start', 'Training started'));
              if (status === 'completed') list.push(event('job_complete', 'Job finished'));
              if (status === 'error')
                list.push(event('job_error', 'Invalid training data: missing assistant message', 'error'));
            }
            job.status = status;
          }
          return { status: 200, body: job };
        },
      ],
    ],
  });
  return Object.assign(server, { jobs });
}
