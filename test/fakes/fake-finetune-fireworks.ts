import { type FakeFineTuneServer, type JobPlan, startFakeFineTuneServer } from './fake-finetune-server.js';

/**
 * A loopback stand-in for Fireworks' dataset and supervised fine-tuning APIs with their real shapes:
 * `POST /v1/accounts/{a}/datasets` ({datasetId, dataset: {userUploaded: {}}}) → Dataset (UPLOADING);
 * `POST …/datasets/{id}:upload` (multipart file) → {} and the dataset becomes READY; `GET …/datasets/{id}`;
 * `POST /v1/accounts/{a}/supervisedFineTuningJobs` → job (JOB_STATE_CREATING); `GET …/{id}` advances one
 * state per poll (RUNNING with jobProgress → COMPLETED | FAILED); `POST …/{id}:cancel` → {}.
 */
export async function startFakeFireworksFineTuning({
  apiKey = 'fw-test',
  accountId = 'acme',
  plan = 'succeed',
}: {
  apiKey?: string;
  accountId?: string;
  plan?: JobPlan;
} = {}): Promise<
  FakeFineTuneServer & {
    jobs: Map<string, Record<string, unknown>>;
    datasets: Map<string, Record<string, unknown>>;
  }
> {
  const datasets = new Map<string, Record<string, unknown>>();
  const jobs = new Map<string, Record<string, unknown>>();
  const progress = new Map<string, number>();
  const steps =
    plan === 'fail'
      ? ['JOB_STATE_VALIDATING', 'JOB_STATE_RUNNING', 'JOB_STATE_FAILED']
      : plan === 'hang'
        ? ['JOB_STATE_VALIDATING', 'JOB_STATE_RUNNING']
        : ['JOB_STATE_VALIDATING', 'JOB_STATE_RUNNING', 'JOB_STATE_RUNNING', 'JOB_STATE_COMPLETED'];
  const account = `/v1/accounts/${accountId}`;
  const escaped = account.replace(/\//g, '\\/');
  // gRPC-gateway style errors, as Fireworks returns them.
  const error = (status: number, code: number, message: string) => ({
    status,
    body: { code, message, details: [] },
  });
  const server = await startFakeFineTuneServer({
    apiKey,
    unauthorized: () => ({ code: 16, message: 'unauthenticated: invalid API key', details: [] }),
    notFound: (path) => ({ code: 5, message: `not found: ${path}`, details: [] }),
    routes: [
      [
        'POST',
        new RegExp(`^${escaped}\\/datasets$`),
        (request) => {
          const body = request.json as { datasetId?: string; dataset?: Record<string, unknown> };
          if (!body.datasetId || !body.dataset?.userUploaded)
            return error(400, 3, 'datasetId and dataset.userUploaded are required');
          if (datasets.has(body.datasetId)) return error(409, 6, `dataset ${body.datasetId} already exists`);
          const dataset = {
            name: `accounts/${accountId}/datasets/${body.datasetId}`,
            state: 'UPLOADING',
            exampleCount: body.dataset.exampleCount,
            userUploaded: {},
            createTime: '2026-01-01T00:00:00Z',
          };
          datasets.set(body.datasetId, dataset);
          return { status: 200, body: dataset };
        },
      ],
      [
        'POST',
        new RegExp(`^${escaped}\\/datasets\\/([^/:]+):upload$`),
        (request, match) => {
          const dataset = datasets.get(match[1]!);
          if (!dataset) return error(404, 5, `dataset ${match[1]} not found`);
          if (!request.files?.file) return error(400, 3, 'file is required');
          dataset.state = 'READY';
          dataset.content = request.files.file.content;
          return { status: 200, body: {} };
        },
      ],
      [
        'GET',
        new RegExp(`^${escaped}\\/datasets\\/([^/:]+)$`),
        (_request, match) => {
          const dataset = datasets.get(match[1]!);
          if (!dataset) return error(404, 5, `dataset ${match[1]} not found`);
          const { content: _content, ...visible } = dataset;
          return { status: 200, body: visible };
        },
      ],
      [
        'POST',
        new RegExp(`^${escaped}\\/supervisedFineTuningJobs$`),
        (request) => {
          const body = request.json as Record<string, unknown>;
          const datasetId = String(body.dataset ?? '')
            .split('/')
            .at(-1)!;
          if (datasets.get(datasetId)?.state !== 'READY')
            return error(400, 9, `dataset ${String(body.dataset)} is not ready`);
          if (typeof body.baseModel !== 'string') return error(400, 3, 'baseModel is required');
          const id = `sftj${jobs.size + 1}`;
          const job = {
            ...body,
            name: `accounts/${accountId}/supervisedFineTuningJobs/${id}`,
            state: 'JOB_STATE_CREATING',
            status: { code: 'OK', message: '' },
            createTime: '2026-01-01T00:00:00Z',
          };
          jobs.set(id, job);
          return { status: 200, body: job };
        },
      ],
      [
        'POST',
        new RegExp(`^${escaped}\\/supervisedFineTuningJobs\\/([^/:]+):cancel$`),
        (_request, match) => {
          const job = jobs.get(match[1]!);
          if (!job) return error(404, 5, `job ${match[1]} not found`);
          job.state = 'JOB_STATE_CANCELLED';
          return { status: 200, body: {} };
        },
      ],
      [
        'GET',
        new RegExp(`^${escaped}\\/supervisedFineTuningJobs\\/([^/:]+)$`),
        (_request, match) => {
          const job = jobs.get(match[1]!);
          if (!job) return error(404, 5, `job ${match[1]} not found`);
          if (job.state !== 'JOB_STATE_CANCELLED') {
            const step = Math.min((progress.get(match[1]!) ?? -1) + 1, steps.length - 1);
            progress.set(match[1]!, step);
            job.state = steps[step];
            job.jobProgress = { percent: Math.round((step / (steps.length - 1)) * 100), epoch: step };
            if (job.state === 'JOB_STATE_FAILED')
              job.status = { code: 'INTERNAL', message: 'training diverged: loss is NaN' };
            if (job.state === 'JOB_STATE_COMPLETED') job.completedTime = '2026-01-01T01:00:00Z';
          }
          return { status: 200, body: job };
        },
      ],
    ],
  });
  return Object.assign(server, { jobs, datasets });
}
