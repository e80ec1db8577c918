import { ConclaveError } from '../../../core/conclave-error.js';
import type { Engine } from '../../../engine.js';
import { createEvaluationStore } from '../../../learning/evaluation/runner/evaluation-store.js';
import { formatProgress } from '../../../learning/evaluation/runner/format-progress.js';
import { runEvaluation } from '../../../learning/evaluation/runner/run-evaluation.js';
import { createSandbox, type Sandbox } from '../../../learning/evaluation/sandbox/create-sandbox.js';
import { codeTestLanguages } from '../../../learning/evaluation/suite/code-test-languages.js';
import type { loadSuites } from '../../../learning/evaluation/suite/load-suite.js';
import type { GlobalOptions } from '../../engine-from-options.js';
import { formatUsd, paint, printJson } from '../../output.js';

export interface RunCommandOptions extends GlobalOptions {
  models?: string[];
  repeat?: number;
  concurrency?: number;
  budget?: number;
  run?: string;
  resume?: boolean;
  judge?: string;
  allowExternal?: boolean;
  json?: boolean;
}

type Suites = ReturnType<typeof loadSuites>;

/** `eval run`: runs the matrix with live progress; a budget stop or Ctrl-C ends with a resume hint. */
export async function runSuites(engine: Engine, suites: Suites, options: RunCommandOptions): Promise<void> {
  const settings = engine.config.evaluation;
  const store = createEvaluationStore(engine.database);
  const label = suites.map((suite) => suite.name).join(', ');
  const runId = options.run ?? (options.resume ? latestRunOf(store, label) : undefined);
  if (!options.models?.length && !runId)
    throw new ConclaveError('bad-request', 'No models given.', {
      hint: 'Example: conclave eval run suites/code-generation.yaml --models gpt-4o-mini,llama-3.1-8b-instruct',
    });
  const budgetUsd = options.budget ?? settings.budgetUsd;
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  const interactive = process.stderr.isTTY === true && !options.json;
  const sandbox = createSandbox({
    containment: settings.sandbox.containment,
    python: settings.sandbox.python,
  });
  await warnAboutGuardMode(sandbox, suites);
  try {
    const summary = await runEvaluation({
      engine: {
        stream: engine.stream,
        generate: engine.generate,
        route: engine.route,
        profile: engine.profile,
        profiles: engine.catalog,
      },
      store,
      suites,
      models: options.models ?? [],
      runId,
      repeat: options.repeat ?? settings.repeat,
      concurrency: options.concurrency ?? settings.concurrency,
      budgetUsd,
      judgeModel: options.judge ?? settings.judgeModel ?? 'auto:quality',
      consent: options.allowExternal === true,
      sandbox,
      sandboxDefaults: { timeoutMs: settings.sandbox.timeoutMs, memoryMb: settings.sandbox.memoryMb },
      signal: controller.signal,
      onProgress: (progress) => {
        if (options.json) return;
        const line = formatProgress(progress, budgetUsd);
        if (interactive)
          process.stderr.write(`\r\u001b[2K${line.slice(0, (process.stderr.columns ?? 120) - 1)}`);
        else if (progress.cell) process.stderr.write(`${line}\n`);
      },
    });
    if (interactive) process.stderr.write('\n');
    const resume = `conclave eval run ${suites.map((suite) => suite.file).join(' ')} --run ${summary.runId}`;
    if (options.json) printJson(summary);
    else {
      process.stdout.write(
        `run ${summary.runId}: ${summary.completed}/${summary.total} cells graded (${summary.ran} asked, ${summary.regraded} re-graded, ${summary.reused} reused), ${formatUsd(summary.spentUsd)} spent\n`,
      );
      for (const entry of summary.skipped)
        process.stdout.write(`  skipped ${entry.task} × ${entry.model}: ${entry.reason}\n`);
      for (const entry of summary.failed)
        process.stdout.write(`  ${paint('red', 'failed')} ${entry.task} × ${entry.model}: ${entry.error}\n`);
    }
    if (summary.status === 'budget-stopped')
      throw new ConclaveError(
        'budget',
        `Budget cap reached: stopped with ${summary.notStarted} cell${summary.notStarted === 1 ? '' : 's'} not started (${formatUsd(summary.spentUsd)} spent of ${formatUsd(summary.budgetUsd ?? 0)}).`,
        { hint: `Raise the cap to continue where it stopped: ${resume} --budget <usd>` },
      );
    if (summary.status === 'interrupted')
      throw new ConclaveError(
        'cancelled',
        `Interrupted; ${summary.completed}/${summary.total} cells are stored.`,
        {
          hint: `Resume with: ${resume}`,
        },
      );
    if (options.json) return;
    if (summary.failed.length > 0)
      process.stdout.write(`${summary.failed.length} cell(s) failed; re-run to retry them: ${resume}\n`);
    process.stdout.write('Next: conclave eval report\n');
  } finally {
    process.removeListener('SIGINT', interrupt);
  }
}

/** Guard mode is weaker than a network namespace: say so before running model-written code. */
async function warnAboutGuardMode(sandbox: Sandbox, suites: Suites): Promise<void> {
  for (const language of codeTestLanguages(suites.flatMap((suite) => suite.tasks)))
    if ((await sandbox.containment(language)).mode === 'guard')
      process.stderr.write(
        `${paint('yellow', 'warning:')} ${language} code tests run in guard mode (no network namespace here): network calls are blocked in-process, which careless code cannot bypass but deliberately hostile code might.\n`,
      );
}

function latestRunOf(store: ReturnType<typeof createEvaluationStore>, label: string): string {
  const run = store.listRuns().find((candidate) => candidate.kind === 'run' && candidate.label === label);
  if (!run)
    throw new ConclaveError('not-found', `No earlier run of ${label} to resume.`, {
      hint: 'Start one with --models a,b,c, or list runs with `conclave eval runs`.',
    });
  return run.id;
}
