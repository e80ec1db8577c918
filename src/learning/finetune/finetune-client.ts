export const HOSTED_FINETUNE_PROVIDERS = ['together', 'fireworks', 'openai'] as const;
export type HostedFineTuneProvider = (typeof HOSTED_FINETUNE_PROVIDERS)[number];
export type FineTuneMethod = 'sft' | 'dpo';

/** A provider's job states mapped onto one lifecycle. */
export type FineTuneStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export const TERMINAL_STATUSES: ReadonlySet<FineTuneStatus> = new Set(['succeeded', 'failed', 'cancelled']);

export interface FineTuneSnapshot {
  providerJobId: string;
  status: FineTuneStatus;
  /** The provider's own state name, shown to the user as is. */
  providerStatus: string;
  /** The model name to call once the job succeeded. */
  fineTunedModel?: string;
  error?: string;
  /** 0..100 when the provider reports it. */
  progress?: number;
}

export interface FineTuneEvent {
  id: string;
  /** Unix milliseconds. */
  createdAt: number;
  level: 'info' | 'warning' | 'error';
  message: string;
}

export interface DatasetFile {
  name: string;
  content: string;
  lines: number;
}

export interface JobSpec {
  baseModel: string;
  trainingFile: string;
  validationFile?: string;
  method: FineTuneMethod;
  /** Short name the provider puts into the fine-tuned model's name. */
  suffix: string;
  epochs?: number;
  learningRate?: number;
}

/** One hosted fine-tuning API: upload, create, poll, events, cancel. */
export interface FineTuneClient {
  provider: HostedFineTuneProvider;
  /** Uploads a JSONL dataset; returns the reference a job is created with. */
  uploadDataset(file: DatasetFile): Promise<string>;
  createJob(spec: JobSpec): Promise<FineTuneSnapshot>;
  getJob(providerJobId: string): Promise<FineTuneSnapshot>;
  /** Oldest first. Providers without an events API return []. */
  listEvents(providerJobId: string): Promise<FineTuneEvent[]>;
  cancelJob(providerJobId: string): Promise<FineTuneSnapshot>;
}
