import { type Command, InvalidArgumentError, Option } from 'commander';
import { PIPELINE_STRATEGIES, type PipelineStrategy } from '../../config/sections/pipelines.js';
import { ConclaveError } from '../../core/conclave-error.js';
import type { Engine } from '../../engine.js';
import { executeWithMultiModel } from '../../orchestration/pipeline/execute-with-multi-model.js';
import { matchAgentToModels } from '../../orchestration/pipeline/match-agent-to-models.js';
import { createPipelineStore } from '../../orchestration/pipeline/pipeline-store.js';
import type {
  MultiModelResult,
  PipelineEvent,
  PipelinePlan,
} from '../../orchestration/pipeline/pipeline-types.js';
import type { PipelineInput } from '../../orchestration/pipeline/plan-pipeline.js';
import { listPipelines } from '../../orchestration/pipeline/resolve-pipeline.js';
import { engineFromOptions } from '../engine-from-options.js';
import { formatMs, formatUsd, paint, printJson, table } from '../output.js';
import { parsePositiveInteger } from '../parse-options.js';

interface PipelineOptions {
  input?: string;
  param: Record<string, string>;
  params?: Record<string, unknown>;
  phases?: string[];
  strategy?: PipelineStrategy;
  allowExternal?: boolean;
  localOnly?: boolean;
  cache?: boolean;
  json?: boolean;
}

/** `conclave pipeline list | plan | run | runs`. */
export function registerPipelineCommands(program: Command): void {
  const pipeline = program
    .command('pipeline')
    .description(
      'Multi-phase pipelines: planning → research → generation → review → refinement → validation',
    );

  pipeline
    .command('list')
    .description('List the agent profiles (built-in and from conclave.yaml) and their phases')
    .option('--json', 'print the profiles as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const engine = await engineFromOptions(command.optsWithGlobals());
      try {
        const profiles = listPipelines(engine.config);
        if (options.json) return printJson(profiles);
        const rows = profiles.map((profile) => [
          profile.name,
          profile.phases.map((phase) => phase.name).join(' → '),
          profile.taskClass,
          profile.source,
          profile.description,
        ]);
        process.stdout.write(`${table(['profile', 'phases', 'task', 'source', 'description'], rows)}\n`);
      } finally {
        await engine.close();
      }
    });

  withInputOptions(pipeline.command('plan'))
    .description('Show which model runs each phase and why, without calling any model')
    .action(async (profile: string, words: string[], options: PipelineOptions, command: Command) => {
      const input = pipelineInput(profile, words, options);
      const engine = await engineFromOptions(command.optsWithGlobals());
      try {
        const plan = matchAgentToModels(orchestration(engine), input);
        if (options.json) printJson(plan);
        else printPlan(plan);
      } finally {
        await engine.close();
      }
    });

  withInputOptions(pipeline.command('run'))
    .description('Run a pipeline with live phase progress; prints the final answer')
    .option('--no-cache', 'ignore cached results of the same run')
    .action(async (profile: string, words: string[], options: PipelineOptions, command: Command) => {
      const input = pipelineInput(profile, words, options);
      const engine = await engineFromOptions(command.optsWithGlobals());
      try {
        const progress = progressPrinter(process.stderr);
        const result = await executeWithMultiModel(orchestration(engine), {
          ...input,
          cache: options.cache,
          onProgress: progress.onEvent,
        });
        if (options.json) printJson(result);
        else {
          process.stdout.write(
            result.finalResult.endsWith('\n') ? result.finalResult : `${result.finalResult}\n`,
          );
          progress.summary(result);
        }
      } finally {
        await engine.close();
      }
    });

  pipeline
    .command('runs')
    .description('Recent pipeline runs from the store')
    .option('--limit <n>', 'how many (default 20)', parsePositiveInteger)
    .option('--agent <profile>', 'only this profile')
    .option('--json', 'print the runs as JSON')
    .action(async (options: { limit?: number; agent?: string; json?: boolean }, command: Command) => {
      const engine = await engineFromOptions(command.optsWithGlobals());
      try {
        const runs = createPipelineStore(engine.database).runs(options);
        if (options.json) return printJson(runs);
        if (runs.length === 0) return void process.stdout.write('No pipeline runs yet.\n');
        const rows = runs.map((run) => [
          new Date(run.createdAt).toISOString().replace('T', ' ').slice(0, 19),
          run.id,
          run.agent,
          run.status === 'failed' ? paint('red', run.status) : run.status,
          `${run.successfulPhases}/${run.totalPhases}`,
          formatMs(run.executionMs),
          formatUsd(run.totalCost),
          run.task.length > 40 ? `${run.task.slice(0, 39)}…` : run.task,
        ]);
        process.stdout.write(
          `${table(['when (UTC)', 'run', 'profile', 'status', 'phases', 'time', 'cost', 'task'], rows)}\n`,
        );
      } finally {
        await engine.close();
      }
    });
}

function withInputOptions(command: Command): Command {
  return command
    .argument(
      '<profile>',
      'agent profile: coding, database, analysis, web-scraping, documentation, or your own',
    )
    .argument('[task...]', 'the task (or use --input)')
    .option('-i, --input <text>', 'the task')
    .option('-p, --param <key=value>', 'a task parameter (repeatable)', collectParameter, {})
    .option('--params <json>', 'task parameters as a JSON object', parseParameters)
    .option(
      '--phases <list>',
      'run only these phases, comma-separated (e.g. planning,generation)',
      parsePhases,
    )
    .addOption(
      new Option('--strategy <strategy>', 'multi_model or single_model').choices([...PIPELINE_STRATEGIES]),
    )
    .option('--allow-external', 'consent to cloud models for this run')
    .option('--local-only', 'keep every phase on this machine')
    .option('--json', 'print the result as JSON');
}

function pipelineInput(profile: string, words: string[], options: PipelineOptions): PipelineInput {
  const task = (options.input ?? words.join(' ')).trim();
  if (!task)
    throw new ConclaveError('bad-request', 'No task given.', {
      hint: `Example: conclave pipeline run ${profile} --input "Write a slugify function in TypeScript"`,
    });
  return {
    agent: profile,
    task,
    parameters: { ...options.params, ...options.param },
    enablePhases: options.phases,
    strategy: options.strategy,
    consent: options.allowExternal,
    routing: options.localOnly ? { localOnly: true } : undefined,
  };
}

function orchestration(engine: Engine) {
  return engine.orchestration;
}

function collectParameter(value: string, previous: Record<string, string>): Record<string, string> {
  const equals = value.indexOf('=');
  if (equals <= 0) throw new InvalidArgumentError('expected key=value, e.g. --param language=python.');
  return { ...previous, [value.slice(0, equals).trim()]: value.slice(equals + 1) };
}

function parseParameters(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidArgumentError('expected a JSON object, e.g. --params \'{"language":"python"}\'.');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new InvalidArgumentError('expected a JSON object, e.g. --params \'{"language":"python"}\'.');
  return parsed as Record<string, unknown>;
}

function parsePhases(value: string): string[] {
  const phases = value
    .split(',')
    .map((phase) => phase.trim())
    .filter(Boolean);
  if (phases.length === 0) throw new InvalidArgumentError('expected phase names, e.g. planning,generation.');
  return phases;
}

function printPlan(plan: PipelinePlan): void {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(
    `${paint('cyan', '▸')} ${paint('bold', `pipeline ${plan.agent}`)} · ${plan.strategyType} · ${plan.taskClass} · ${plan.phases.length} phase${plan.phases.length === 1 ? '' : 's'} (max ${plan.maxParallelPhases} in parallel)`,
  );
  if (plan.adaptive.signals.length > 0)
    out(`adaptive: ${plan.adaptive.signals.join(', ')} → ${plan.adaptive.changes.join('; ')}`);
  const rows = plan.phases.map((phase) => [
    phase.phase,
    phase.primaryModel.model,
    phase.primaryModel.location === 'external' ? `☁ ${phase.primaryModel.provider}` : '🖥 local',
    phase.fallbackModels.join(', ') || '—',
    phase.dependsOn.join(', ') || '—',
    phase.critical ? 'critical' : 'skippable',
    `${phase.routing.taskClass}, ${phase.routing.objective}`,
  ]);
  out(table(['phase', 'model', 'where', 'fallbacks', 'after', 'on failure', 'needs'], rows));
  for (const skipped of plan.skippedPhases) out(paint('dim', `skipped ${skipped.phase}: ${skipped.reason}`));
  out();
  for (const phase of plan.phases) out(`${paint('bold', `${phase.phase}:`)} ${phase.reason}`);
}

/** Live progress on stderr (stdout keeps only the answer), and a summary after it. */
function progressPrinter(stream: NodeJS.WriteStream) {
  const write = (line: string): void => {
    stream.write(`${line}\n`);
  };
  return {
    onEvent(event: PipelineEvent): void {
      switch (event.type) {
        case 'plan':
          write(
            paint(
              'cyan',
              `▸ pipeline ${event.plan.agent} · ${event.plan.strategyType} · ${event.plan.phases.map((phase) => `${phase.phase} (${phase.primaryModel.model})`).join(' → ')}`,
            ),
          );
          for (const skipped of event.plan.skippedPhases)
            write(paint('dim', `  skipping ${skipped.phase}: ${skipped.reason}`));
          return;
        case 'cache-hit':
          write(paint('green', `⚡ cached result of run ${event.runId}: no model called, nothing spent`));
          return;
        case 'phase-start':
          if (event.attempt === 1) write(paint('dim', `… ${event.phase} on ${event.model}`));
          return;
        case 'phase-fallback':
          write(
            paint('yellow', `↪ ${event.phase}: ${event.from} failed (${event.reason}); trying ${event.to}`),
          );
          return;
        case 'phase-done': {
          const { result } = event;
          write(
            `${paint('green', '✓')} ${event.phase} · ${result.modelUsed} · ${result.executionTime.toFixed(1)} s · ${result.tokensUsed} tokens · ${formatUsd(result.costUsd)}`,
          );
          return;
        }
        case 'phase-skipped':
          write(`${paint('yellow', '✗')} ${event.phase} skipped: ${event.reason}`);
          return;
        case 'aborted':
          write(`${paint('red', '✗')} ${event.phase} failed (${event.reason}); aborting the run`);
          return;
      }
    },
    summary(result: MultiModelResult): void {
      const cost = result.cached
        ? `$0 (cached; the original run cost ${formatUsd(result.cached.originalCost)})`
        : formatUsd(result.totalCost);
      write(
        paint(
          'dim',
          `— ${result.successfulPhases}/${result.totalPhases} phases · answer from ${result.finalPhase} · models: ${result.modelsUsed.join(', ')} · ${result.totalTokensUsed} tokens · ${result.totalExecutionTime.toFixed(1)} s · ${cost} · run ${result.runId}`,
        ),
      );
      if (result.validation)
        write(
          result.validation.verdict === 'pass'
            ? paint(
                'green',
                `validation: PASS${result.validation.reasons ? ` — ${oneLine(result.validation.reasons)}` : ''}`,
              )
            : paint(
                'yellow',
                `validation: ${result.validation.verdict.toUpperCase()} — ${oneLine(result.validation.reasons)}`,
              ),
        );
    },
  };
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}
