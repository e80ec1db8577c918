import type { ChatRequest } from '../../core/chat-request.js';
import { ConclaveError, isConclaveError } from '../../core/conclave-error.js';
import { inWriteTransaction } from '../../store/in-write-transaction.js';
import { INTERNAL_SESSION_PREFIX, type LearningEngine } from '../learning-dependencies.js';
import { judgeAnswer } from '../quality/judge-answer.js';
import { createTrainingStore, type StoredMessage } from '../training-store.js';
import { createDistillStore, type DistillJob, type DistillTaskState } from './distill-store.js';
import type { DistillTask } from './read-tasks.js';
import { recoverRecordedAnswer, type TaskAnswer } from './recover-answer.js';
import { qualityFromRun } from './run-quality.js';

export interface DistillOptions {
  name: string;
  /** The teacher: `ensemble/<preset>`, `council/<preset>` or a model id. */
  model: string;
  strategy: string;
  /** Member models, passed to the teacher as the routing allow-list. */
  members: string[];
  tasks: DistillTask[];
  tasksFile?: string;
  consent?: boolean;
  maxOutputTokens?: number;
  /** Checked between tasks: stop after the current one. */
  shouldStop?: () => boolean;
  onProgress?: (progress: DistillProgress) => void;
}

export interface DistillProgress {
  job: DistillJob;
  total: number;
  done: number;
  failed: number;
  collected: number;
  /** Everything this job has spent, across resumed runs. */
  costUsd: number;
  /** Tasks already done when this run started. */
  skipped: number;
  resumed: boolean;
  last?: { prompt: string; ok: boolean; quality?: number; message?: string; recovered?: boolean };
}

// These fail every task the same way: stop instead of paying for (or failing) the rest one by one.
const FATAL_KINDS = new Set([
  'config',
  'not-found',
  'consent-required',
  'auth',
  'forbidden',
  'budget',
  'cancelled',
]);

/**
 * Runs every task through the teacher and stores the answers as training examples. Each task's state is
 * committed as soon as it changes; tasks already done are never sent again, and a task interrupted after its
 * answer was recorded is recovered from the request log instead of being paid for twice.
 */
export async function runDistillation(
  engine: LearningEngine,
  options: DistillOptions,
): Promise<DistillProgress> {
  const store = createDistillStore(engine.database);
  const training = createTrainingStore(engine.database, {
    threshold: engine.config.learning.collection.threshold,
  });
  const { job, resumed } = store.open({ ...options });
  const current = new Set(options.tasks.map((task) => task.key));
  const states = store.tasks(job.id).filter((task) => current.has(task.key));
  const progress: DistillProgress = {
    job,
    total: states.length,
    done: states.filter((task) => task.status === 'done').length,
    failed: 0,
    collected: states.filter((task) => task.exampleId !== undefined).length,
    costUsd: store.costSoFar(job.id),
    skipped: states.filter((task) => task.status === 'done').length,
    resumed,
  };
  options.onProgress?.(progress);
  engine.requestLog.flush();
  for (const task of states) {
    if (task.status === 'done') continue;
    if (options.shouldStop?.()) break;
    const recovered =
      task.status === 'running'
        ? recoverRecordedAnswer(engine.database, task.sessionId, job.model)
        : undefined;
    store.markRunning(job.id, task.key);
    let answer: TaskAnswer;
    try {
      answer = recovered ?? (await ask(engine, job, task, options));
    } catch (error) {
      const conclaveError = isConclaveError(error)
        ? error
        : new ConclaveError('internal', String(error), { cause: error });
      if (FATAL_KINDS.has(conclaveError.kind)) {
        store.markPending(job.id, task.key);
        throw conclaveError;
      }
      store.markFailed(job.id, task.key, conclaveError.message, 0);
      progress.failed += 1;
      progress.last = { prompt: task.prompt, ok: false, message: conclaveError.message };
      options.onProgress?.(progress);
      continue;
    }
    const stored = await storeAnswer(engine, training, task, answer);
    inWriteTransaction(engine.database, () => {
      const example = stored.collect();
      store.markDone(job.id, task.key, {
        requestId: answer.id,
        exampleId: example.id,
        quality: example.quality,
        // A recovered answer was paid for once, by the run that died: it still counts in the job's spend.
        costUsd: answer.costUsd + stored.judgeCostUsd,
      });
      if (example.id) progress.collected += 1;
      progress.last = {
        prompt: task.prompt,
        ok: true,
        quality: example.quality,
        recovered: recovered !== undefined,
      };
    });
    progress.done += 1;
    progress.costUsd = store.costSoFar(job.id);
    options.onProgress?.(progress);
  }
  return progress;
}

async function ask(
  engine: LearningEngine,
  job: DistillJob,
  task: DistillTaskState,
  options: DistillOptions,
): Promise<TaskAnswer> {
  const request: ChatRequest = {
    model: job.model,
    prompt: [
      ...(task.system ? [{ role: 'system' as const, content: task.system }] : []),
      { role: 'user', content: [{ type: 'text', text: task.prompt }] },
    ],
    options: { maxOutputTokens: options.maxOutputTokens },
    routing: job.members.length > 0 ? { allow: job.members } : undefined,
    sessionId: task.sessionId,
    consent: options.consent,
  };
  const result = await engine.generate(request);
  return {
    id: result.id,
    text: result.text,
    costUsd: result.costUsd,
    model: result.model,
    taskClass: result.decision.taskClass,
    run: result.run,
  };
}

/** The example to store: the run's own quality, else the judge's, else the configured distillation default. */
async function storeAnswer(
  engine: LearningEngine,
  training: ReturnType<typeof createTrainingStore>,
  task: DistillTaskState,
  answer: TaskAnswer,
) {
  const messages: StoredMessage[] = [
    ...(task.system ? [{ role: 'system' as const, content: task.system }] : []),
    { role: 'user', content: task.prompt },
  ];
  const fromRun = qualityFromRun(answer.run);
  const judgeModel = engine.config.learning.judge.model;
  let base = fromRun.base;
  let evidence = base === undefined ? 'distill' : 'agreement';
  let judgeCostUsd = 0;
  if (base === undefined && judgeModel && answer.text.trim() !== '') {
    const verdict = await judgeAnswer(messages, answer.text, {
      generate: (request) => engine.generate({ ...request, sessionId: `${INTERNAL_SESSION_PREFIX}judge` }),
      model: judgeModel,
      maxChars: engine.config.learning.judge.maxChars,
      parentId: answer.id,
    });
    base = verdict.score;
    evidence = 'judge';
    judgeCostUsd = verdict.costUsd;
  }
  return {
    judgeCostUsd,
    collect(): { id?: string; quality: number } {
      // The teacher may have collected its own answer already (council/ensemble runs feed the training store).
      const existing = engine.database
        .prepare('SELECT id, quality FROM training_examples WHERE source_id = ? LIMIT 1')
        .get(answer.id) as { id: string; quality: number } | undefined;
      if (existing) return existing;
      return training.collect({
        sourceKind: 'distill',
        sourceId: answer.id,
        taskType: task.taskType ?? answer.taskClass ?? 'general',
        messages,
        response: answer.text,
        models: fromRun.models.length > 0 ? fromRun.models : [answer.model],
        base: base ?? engine.config.learning.distill.defaultQuality,
        modelsAgreed: fromRun.modelsAgreed,
        evidence,
        metadata: { teacher: answer.model },
      });
    },
  };
}
