import type { Engine } from '../../../engine.js';
import { createFineTuneClient } from '../../../learning/finetune/create-finetune-client.js';
import { describeJob } from '../../../learning/finetune/describe-job.js';
import type { HostedFineTuneProvider } from '../../../learning/finetune/finetune-client.js';
import { watchFineTune } from '../../../learning/finetune/watch-finetune.js';
import { stopOnInterrupt } from './stop-on-interrupt.js';

/** Polls a hosted job until it ends, printing status and events; a failed job sets exit code 5. */
export async function followFineTune(
  engine: Engine,
  provider: HostedFineTuneProvider,
  jobId: string,
): Promise<void> {
  const client = createFineTuneClient(provider, {
    learning: engine.config.learning,
    providers: engine.providers,
  });
  const interrupt = stopOnInterrupt('Stopped watching; the job keeps running at the provider.');
  try {
    const job = await watchFineTune(engine, client, jobId, {
      intervalMs: engine.config.learning.finetune.pollIntervalMs,
      shouldStop: interrupt.stopped,
      onStatus: (snapshot) =>
        process.stdout.write(
          `⏳ ${snapshot.providerStatus}${snapshot.progress === undefined ? '' : ` (${snapshot.progress}%)`}\n`,
        ),
      onEvent: (event) =>
        process.stdout.write(
          `   ${new Date(event.createdAt).toISOString().slice(11, 19)} ${event.level === 'info' ? '' : `${event.level}: `}${event.message}\n`,
        ),
    });
    process.stdout.write(`${describeJob(job)}\n`);
    if (job.status === 'failed') process.exitCode = 5;
  } finally {
    interrupt.dispose();
  }
}
