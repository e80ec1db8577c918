import { type FakeFineTuneServer, type JobPlan, startFakeFineTuneServer } from './fake-finetune-server.js';

/**
 * A loopback stand-in for OpenAI's Files and Fine-tuning APIs with their real shapes: `POST /v1/files`
 * (multipart: purpose, file) → File object; `POST /v1/fine_tuning/jobs` → `fine_tuning.job`; `GET …/{id}`
 * advances the job one status per poll (validating_files → queued → running → succeeded | failed);
 * `GET …/{id}/events` lists `fine_tuning.job.event`s newest first; `POST …/{id}/cancel` cancels.
 */
export async function startFakeOpenAIFineTuning({
  apiKey = 'sk-test',
  plan = 'succeed',
}: {
  apiKey?: string;
  plan?: JobPlan;
} = {}): Promise<FakeFineTuneServer & { jobs: Map<string, Record<string, unknown>> }> {
  const files = new Map<string, Record<string, unknown>>();
  const jobs = new Map<string, Record<string, unknown>>();
  const events = new Map<string, Record<string, unknown>[]>();
  const steps =
    plan === 'fail'
      ? ['queued', 'running', 'failed']
      : plan === 'hang'
        ? ['queued', 'running']
        : ['queued', 'running', 'running', 'succeeded'];
  const progress = new Map<string, number>();
  const created = 1_735_689_600;
  const addEvent = (id: string, message: string, level = 'info') => {
    const list = events.get(id) ?? [];
    list.push({
      object: 'fine_tuning.job.event',
      id: `ftevent-${id}-${list.length}`,
      created_at: created + list.length,
      level,
      message,
      type: 'message',
      data: {},
    });
    events.set(id, list);
  };
  const error = (
    status: number,
    message: string,
    param: string | null = null,
    code: string | null = null,
  ) => ({
    status,
    body: { error: { message, type: 'invalid_request_error', param, code } },
  });
  const server = await startFakeFineTuneServer({
    apiKey,
    unauthorized: () => ({
      error: {
        message: 'Incorrect API key provided.',
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    }),
    notFound: (path) => ({
      error: { message: `Invalid URL (${path})`, type: 'invalid_request_error', param: null, code: null },
    }),
    routes: [
      [
        'POST',
        /^\/v1\/files$/,
        (request) => {
          const file = request.files?.file;
          if (request.fields?.purpose !== 'fine-tune' || !file)
            return error(400, 'purpose and file are required', 'purpose');
          const id = `file-${files.size + 1}`;
          const object = {
            id,
            object: 'file',
            bytes: Buffer.byteLength(file.content),
            created_at: created,
            filename: file.name,
            purpose: 'fine-tune',
            status: 'processed',
            content: file.content,
          };
          files.set(id, object);
          const { content: _content, ...visible } = object;
          return { status: 200, body: visible };
        },
      ],
      [
        'POST',
        /^\/v1\/fine_tuning\/jobs$/,
        (request) => {
          const body = request.json as Record<string, unknown>;
          if (typeof body.model !== 'string') return error(400, 'model is required', 'model');
          if (!files.has(String(body.training_file)))
            return error(400, `invalid training_file: ${String(body.training_file)}`, 'training_file');
          const id = `ftjob-${jobs.size + 1}`;
          const job = {
            id,
            object: 'fine_tuning.job',
            created_at: created,
            error: null,
            fine_tuned_model: null,
            finished_at: null,
            hyperparameters: { n_epochs: 'auto', batch_size: 'auto', learning_rate_multiplier: 'auto' },
            model: body.model,
            organization_id: 'org-fake',
            result_files: [],
            seed: 42,
            status: 'validating_files',
            trained_tokens: null,
            training_file: body.training_file,
            validation_file: body.validation_file ?? null,
            method: body.method,
            suffix: body.suffix,
          };
          jobs.set(id, job);
          addEvent(id, `Created fine-tuning job: ${id}`);
          return { status: 200, body: job };
        },
      ],
      [
        'GET',
        /^\/v1\/fine_tuning\/jobs\/([^/]+)\/events$/,
        (_request, match) => {
          if (!jobs.has(match[1]!)) return error(404, `No fine-tuning job found with id ${match[1]}`);
          return {
            status: 200,
            body: { object: 'list', data: [...(events.get(match[1]!) ?? [])].reverse(), has_more: false },
          };
        },
      ],
      [
        'POST',
        /^\/v1\/fine_tuning\/jobs\/([^/]+)\/cancel$/,
        (_request, match) => {
          const job = jobs.get(match[1]!);
          if (!job) return error(404, `No fine-tuning job found with id ${match[1]}`);
          if (['succeeded', 'failed', 'cancelled'].includes(String(job.status)))
            return error(400, 'Job has already completed', null, 'invalid_request');
          job.status = 'cancelled';
          job.finished_at = created + 100;
          addEvent(match[1]!, 'Fine-tuning job cancelled');
          return { status: 200, body: job };
        },
      ],
      [
        'GET',
        /^\/v1\/fine_tuning\/jobs\/([^/]+)$/,
        (_request, match) => {
          const job = jobs.get(match[1]!);
          if (!job) return error(404, `No fine-tuning job found with id ${match[1]}`);
          if (job.status !== 'cancelled') {
            const step = Math.min((progress.get(job.id as string) ?? -1) + 1, steps.length - 1);
            progress.set(job.id as string, step);
            const status = steps[step]!;
            if (status !== job.status)
              addEvent(
                job.id as string,
                status === 'failed' ? 'Training file has invalid examples' : `Job ${status}`,
                status === 'failed' ? 'error' : 'info',
              );
            job.status = status;
            if (status === 'succeeded')
              job.fine_tuned_model = `ft:${job.model}:fake-org:${job.suffix}:abc123`;
            if (status === 'failed')
              job.error = {
                code: 'invalid_training_file',
                message: 'Training file has invalid examples',
                param: 'training_file',
              };
          }
          return { status: 200, body: job };
        },
      ],
    ],
  });
  return Object.assign(server, { jobs });
}
