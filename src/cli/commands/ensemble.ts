import { type Command, InvalidArgumentError } from 'commander';
import {
  CASCADE_CHECKS,
  type CascadeCheck,
  ENSEMBLE_STRATEGIES,
  JUDGE_MODES,
  type JudgeMode,
} from '../../config/sections/ensemble.js';
import type { ChatStreamPart } from '../../core/chat-request.js';
import { ConclaveError } from '../../core/conclave-error.js';
import type { Engine } from '../../engine.js';
import type { EnsembleRun } from '../../orchestration/ensemble/ensemble-run.js';
import { startEnsemble } from '../../orchestration/ensemble/run-ensemble.js';
import type { EmbedTexts } from '../../orchestration/ensemble/text-similarity.js';
import { engineFromOptions, type GlobalOptions } from '../engine-from-options.js';
import { formatMs, formatUsd, paint, printJson } from '../output.js';
import { parsePositiveInteger, parseTemperature } from '../parse-options.js';

interface EnsembleOptions extends GlobalOptions {
  input?: string;
  models?: number;
  members?: string[];
  strategy?: string;
  taskType?: string;
  threshold?: number;
  judge?: string;
  judgeMode?: JudgeMode;
  aggregator?: string;
  layers?: number;
  check?: CascadeCheck;
  allowExternal?: boolean;
  localOnly?: boolean;
  session?: string;
  maxTokens?: number;
  temperature?: number;
  collect?: boolean;
  json?: boolean;
  list?: boolean;
}

const list = (value: string) =>
  value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);

const choice =
  <T extends string>(values: readonly T[]) =>
  (value: string): T => {
    if ((values as readonly string[]).includes(value)) return value as T;
    throw new InvalidArgumentError(`expected one of ${values.join(', ')}.`);
  };

/** Any number; the 0..1 check happens with the strategy known, so the error can say what the threshold is for. */
const parseNumber = (value: string): number => {
  const parsed = Number(value);
  if (Number.isFinite(parsed)) return parsed;
  throw new InvalidArgumentError('expected a number between 0 and 1.');
};

/** Registers `conclave ensemble`. */
export function registerEnsembleCommands(program: Command): void {
  program
    .command('ensemble')
    .description(
      'Ask several models and combine their answers (best-of-n, weighted, consensus, specialization, moa, cascade)',
    )
    .argument('[question...]', 'the question (or use --input)')
    .option('-i, --input <text>', 'the question')
    .option(
      '-m, --models <n>',
      'how many top models answer (default ensemble.numModels, 3)',
      parsePositiveInteger,
    )
    .option('--members <ids>', 'exact member models, comma-separated (instead of --models)', list)
    .option(
      '-s, --strategy <name>',
      `${ENSEMBLE_STRATEGIES.join(' | ')} or a preset (default ensemble.strategy)`,
    )
    .option(
      '-t, --task-type <type>',
      'code, math, creative, deep (reasoning), analysis, quick, general; default: detected',
    )
    .option('--threshold <0..1>', 'consensus: agreement required; cascade: confidence to stop', parseNumber)
    .option('--judge <model>', 'best-of-n judge (default: the strongest available model)')
    .option('--judge-mode <mode>', JUDGE_MODES.join(' | '), choice(JUDGE_MODES))
    .option('--aggregator <model>', 'weighted/moa aggregator (default: the strongest available model)')
    .option('--layers <n>', 'moa layers', parsePositiveInteger)
    .option(
      '--check <kind>',
      `cascade escalation check: ${CASCADE_CHECKS.join(' | ')}`,
      choice(CASCADE_CHECKS),
    )
    .option('--allow-external', 'consent to sending the question to cloud providers')
    .option('--local-only', 'never leave this machine')
    .option('--session <id>', 'session id recorded with every member call')
    .option('--max-tokens <n>', 'maximum output tokens per call', parsePositiveInteger)
    .option('--temperature <t>', 'sampling temperature (0–2)', parseTemperature)
    .option('--no-collect', 'do not save the answer as a training example')
    .option('--json', 'print the whole run as JSON')
    .option('--list', 'list strategies, presets and the models that can be members')
    .action(async (words: string[], options: EnsembleOptions, command: Command) => {
      const engine = await engineFromOptions(command.optsWithGlobals());
      try {
        if (options.list) return listEnsembles(engine);
        const question = (options.input ?? words.join(' ')).trim();
        if (!question)
          throw new ConclaveError('bad-request', 'No question given.', {
            hint: 'Example: conclave ensemble --input "Explain quantum computing" --models 3',
          });
        const execution = startEnsemble(engine.orchestration, {
          messages: [{ role: 'user', content: question }],
          strategy: options.strategy,
          numModels: options.models,
          members: options.members,
          taskType: options.taskType,
          threshold: options.threshold,
          judge: options.judge,
          judgeMode: options.judgeMode,
          aggregator: options.aggregator,
          layers: options.layers,
          cascade: options.check ? { check: options.check } : undefined,
          embed: embedderFor(engine),
          collect: options.collect,
          consent: options.allowExternal,
          localOnly: options.localOnly,
          sessionId: options.session,
          options: { maxOutputTokens: options.maxTokens, temperature: options.temperature },
        });
        for await (const part of execution.parts) if (!options.json) printProgress(part, question);
        const run = await execution.run;
        if (options.json) printJson(run);
        else printRun(run);
      } finally {
        await engine.close();
      }
    });
}

function embedderFor(engine: Engine): EmbedTexts | undefined {
  const { similarity } = engine.config.ensemble;
  if (similarity.method !== 'embedding') return undefined;
  return async (values) => {
    const result = await engine.embed({ model: similarity.embeddingModel, values });
    return { embeddings: result.embeddings, costUsd: result.costUsd };
  };
}

function printProgress(part: ChatStreamPart, question: string): void {
  if (part.type !== 'conclave-progress') return;
  const data = part.data as { event?: string; headline?: string } | undefined;
  if (data?.event === 'plan') {
    process.stdout.write(`${data.headline}\n📝 Question: ${question}\n\n`);
    process.stderr.write(`${paint('dim', part.detail.slice((data.headline ?? '').length).trim())}\n`);
    return;
  }
  process.stderr.write(`${paint('dim', `  ${part.detail}`)}\n`);
}

/** The brief's layout: the answer, then metadata, then every model's response. */
export function printRun(run: EnsembleRun): void {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(run.answer);
  out();
  out('📊 Metadata:');
  out(`  Confidence: ${Math.round(run.confidence * 100)}%`);
  out(`  Models used: ${run.modelsUsed.length} (${run.modelsUsed.join(', ')})`);
  out(`  Avg latency: ${formatMs(run.totals.averageLatencyMs)}`);
  out(`  Total cost: ${formatUsd(run.totals.costUsd)}`);
  out(`  Strategy: ${run.preset ?? run.strategy} · task ${run.taskType} · answer ${describeSource(run)}`);
  if (run.stoppedAt)
    out(`  Stopped at stage ${run.stoppedAt.stage} of ${run.stoppedAt.stages}: ${run.stoppedAt.reason}`);
  if (run.judgment)
    out(
      `  Judge: ${run.judgment.judge ?? 'none'} (${run.judgment.method}) — ${run.judgment.scores.map((score) => `${score.model} ${score.score.toFixed(2)}`).join(', ')}`,
    );
  if (run.learning.collected)
    out(`  Saved as a training example (quality ${run.learning.quality.toFixed(2)})`);
  for (const warning of run.warnings) out(`  ${paint('yellow', '⚠')} ${warning}`);
  out();
  out('🔍 All model responses:');
  for (const call of run.members) {
    const answer = call.ok
      ? snippet(call.answer)
      : paint('red', `failed — ${call.error?.message ?? 'no answer'}`);
    const role = call.role === 'member' ? '' : ` [${call.role}${call.stage ? ` ${call.stage}` : ''}]`;
    const stage = call.role === 'member' && call.stage ? ` [stage ${call.stage}]` : '';
    out(
      `  • ${call.model}${role}${stage}: ${answer} ${paint('dim', `(${formatMs(call.latencyMs)}, ${call.usage.inputTokens}+${call.usage.outputTokens} tok, ${formatUsd(call.costUsd)})`)}`,
    );
  }
}

function describeSource(run: EnsembleRun): string {
  if (run.status === 'no-consensus') return 'withheld (no consensus)';
  const from = run.winner ? ` (${run.winner})` : '';
  return `${run.source}${from}${run.extracted ? ` → ${run.extracted.value}` : ''}`;
}

function snippet(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}

function listEnsembles(engine: Engine): void {
  const { ensemble } = engine.config;
  process.stdout.write(`Strategies: ${ENSEMBLE_STRATEGIES.join(', ')} (default ${ensemble.strategy})\n`);
  const presets = Object.entries(ensemble.presets);
  process.stdout.write(
    `Presets: ${presets.length === 0 ? 'none' : presets.map(([name, preset]) => `${name} (${preset.strategy})`).join(', ')}\n`,
  );
  const members = engine
    .catalog()
    .filter((profile) => profile.available && !profile.strengths.includes('embedding'))
    .map((profile) => `${profile.id}${profile.location === 'external' ? ' ☁' : ''}`);
  process.stdout.write(`Models that can be members: ${members.length === 0 ? 'none' : members.join(', ')}\n`);
}
