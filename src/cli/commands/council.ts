import { type Command, InvalidArgumentError } from 'commander';
import type { ChatStreamPart } from '../../core/chat-request.js';
import { ConclaveError } from '../../core/conclave-error.js';
import type { Engine } from '../../engine.js';
import { councilPresets } from '../../orchestration/council/council-presets.js';
import type { AggregateEntry, CouncilRun } from '../../orchestration/council/council-run.js';
import { startCouncil } from '../../orchestration/council/run-council.js';
import type { OrchestrationContext } from '../../orchestration/orchestration-context.js';
import { engineFromOptions, type GlobalOptions } from '../engine-from-options.js';
import { formatMs, formatUsd, paint, printJson, table } from '../output.js';
import { parseNonNegativeNumber, parsePositiveInteger, parseTemperature } from '../parse-options.js';

interface CouncilOptions extends GlobalOptions {
  agents?: string[];
  preset?: string;
  input?: string;
  chairman?: string;
  rounds?: number;
  review?: boolean;
  maxCost?: number;
  maxSeconds?: number;
  session?: string;
  date?: string;
  seed?: number;
  allowExternal?: boolean;
  localOnly?: boolean;
  maxTokens?: number;
  temperature?: number;
  json?: boolean;
  list?: boolean;
}

const parseAgents = (value: string): string[] =>
  value
    .split(',')
    .map((agent) => agent.trim())
    .filter(Boolean);

const parseSeed = (value: string): number => {
  const seed = Number(value);
  if (Number.isInteger(seed) && seed >= 0) return seed;
  throw new InvalidArgumentError('expected a whole number ≥ 0.');
};

/** Registers `conclave council`. */
export function registerCouncilCommands(program: Command): void {
  program
    .command('council')
    .description(
      'Ask a council of archetypes (each on its rotated model): answers, blind peer review, synthesis',
    )
    .argument('[question...]', 'the question (or use --input)')
    .option(
      '-a, --agents <list>',
      'comma-separated archetypes, e.g. strategist,engineer,designer',
      parseAgents,
    )
    .option('-p, --preset <name>', 'a council preset (council.presets in config; built-in: default, product)')
    .option('-i, --input <text>', 'the question')
    .option('--chairman <model>', 'model that writes the synthesis (default: the strongest available)')
    .option(
      '--rounds <n>',
      'answer rounds; from round 2 members revise after seeing the others (debate)',
      parsePositiveInteger,
    )
    .option('--no-review', 'skip the anonymized peer review')
    .option('--max-cost <usd>', 'stop adding stages once this much USD is spent', parseNonNegativeNumber)
    .option('--max-seconds <s>', 'stop adding stages after this many seconds', parseNonNegativeNumber)
    .option('--session <id>', 'continue (and store) a conversation with the council')
    .option('--date <YYYY-MM-DD>', 'use the model rotation of another day')
    .option('--seed <n>', 'seed for the reviewers’ label shuffles (reproducible runs)', parseSeed)
    .option('--allow-external', 'consent to sending the question to cloud providers')
    .option('--local-only', 'never leave this machine')
    .option('--max-tokens <n>', 'maximum output tokens per call', parsePositiveInteger)
    .option('--temperature <t>', 'sampling temperature (0–2)', parseTemperature)
    .option('--json', 'print the whole run as JSON')
    .option('--list', "list presets and archetypes with today's models")
    .action(async (words: string[], options: CouncilOptions, command: Command) => {
      const engine = await engineFromOptions(command.optsWithGlobals());
      try {
        if (options.list) return listCouncils(engine);
        const question = (options.input ?? words.join(' ')).trim();
        if (!question)
          throw new ConclaveError('bad-request', 'No question given.', {
            hint: 'Example: conclave council --agents strategist,engineer,designer "Design a habit-tracking app"',
          });
        const execution = startCouncil(orchestrationContextOf(engine), {
          question,
          agents: options.agents,
          preset: options.preset,
          chairman: options.chairman,
          rounds: options.rounds,
          review: options.review === false ? false : undefined,
          budget: { maxCostUsd: options.maxCost, maxSeconds: options.maxSeconds },
          sessionId: options.session,
          date: options.date,
          seed: options.seed,
          consent: options.allowExternal,
          localOnly: options.localOnly,
          options: { maxOutputTokens: options.maxTokens, temperature: options.temperature },
        });
        const printer = createCouncilPrinter(options.json === true);
        for await (const part of execution.parts) printer.part(part);
        const run = await execution.run;
        if (options.json) printJson(run);
        else printer.totals(run);
      } finally {
        await engine.close();
      }
    });
}

/**
 * The engine's orchestration context. Until the engine exposes its own (`engine.orchestration`), one is built
 * from the engine's public members — the same router, executor, store and breakers.
 */
export function orchestrationContextOf(engine: Engine): OrchestrationContext {
  return engine.orchestration;
}

/** Progress on stderr as it happens; answers, rankings and the streamed synthesis on stdout. */
function createCouncilPrinter(quiet: boolean) {
  const out = (text: string) => {
    if (!quiet) process.stdout.write(text);
  };
  return {
    part(part: ChatStreamPart): void {
      if (part.type === 'text-delta') {
        out(part.delta);
        return;
      }
      if (part.type !== 'conclave-progress') return;
      process.stderr.write(`${paint('dim', `· ${part.detail}`)}\n`);
      const data = (part.data ?? {}) as { event?: string } & Record<string, unknown>;
      if (data.event === 'round-complete') printAnswers(data as unknown as RoundData, out);
      else if (data.event === 'review-complete') printRankings(data as unknown as ReviewData, out);
      else if (part.stage === 'council:synthesis' && data.event === 'started')
        out(`\n${paint('bold', `## Synthesis — chairman ${String(data.model)}`)}\n\n`);
      else if (data.event === 'final-answer')
        out(
          `\n${paint('bold', `## Final answer — ${String(data.member)} (${String(data.model)}), ${String(data.source)}; no synthesis`)}\n\n`,
        );
    },
    totals(run: CouncilRun): void {
      if (!run.final.text.endsWith('\n')) out('\n');
      const line = `— models used: ${run.totals.models.join(', ')} · ${run.totals.calls} calls · average latency ${formatMs(run.totals.averageLatencyMs)} · ${run.totals.usage.totalTokens} tokens · total cost ${formatUsd(run.totals.costUsd)} · ${formatMs(run.totals.durationMs)} · run ${run.id}`;
      process.stderr.write(`${paint('dim', line)}\n`);
      for (const skip of run.skipped)
        process.stderr.write(`${paint('yellow', `skipped ${skip.stage}:`)} ${skip.because}\n`);
      for (const warning of run.warnings) process.stderr.write(`${paint('yellow', 'warning:')} ${warning}\n`);
    },
  };
}

interface RoundData {
  round: number;
  answers: { member: string; title: string; model: string; round: number; text: string }[];
}

interface ReviewData {
  reviews: {
    reviewer: string;
    model: string;
    labels: Record<string, string>;
    method: string;
    rankingLabels: string[];
    error?: { message: string };
  }[];
  aggregate: AggregateEntry[];
  agreement?: number;
}

function printAnswers({ round, answers }: RoundData, out: (text: string) => void): void {
  out(`\n${paint('bold', `## Answers — round ${round}`)}\n`);
  for (const answer of answers) {
    const stale = answer.round === round ? '' : ` (kept from round ${answer.round})`;
    out(`\n${paint('cyan', `### ${answer.title} — ${answer.model}${stale}`)}\n${answer.text.trim()}\n`);
  }
}

function printRankings({ reviews, aggregate, agreement }: ReviewData, out: (text: string) => void): void {
  out(`\n${paint('bold', '## Peer rankings (anonymized)')}\n\n`);
  for (const review of reviews) {
    const ranking = review.error
      ? paint('red', `failed: ${review.error.message}`)
      : review.method === 'unparsed'
        ? paint('yellow', 'ranking could not be parsed — not counted')
        : `${review.rankingLabels.map((label) => `${label}=${review.labels[label]}`).join(' > ')} (${review.method})`;
    out(`${review.reviewer} (${review.model}): ${ranking}\n`);
  }
  const rows = aggregate.map((entry, index) => [
    String(index + 1),
    entry.member,
    entry.model,
    entry.averageRank === null ? '–' : entry.averageRank.toFixed(2),
    String(entry.votes),
  ]);
  out(`\n${table(['#', 'MEMBER', 'MODEL', 'AVG RANK', 'VOTES'], rows)}\n`);
  if (agreement !== undefined) out(`agreement on the winner: ${Math.round(agreement * 100)}%\n`);
}

function listCouncils(engine: Engine): void {
  const presets = councilPresets(engine.config.council);
  process.stdout.write(`${paint('bold', 'Presets')} (gateway models council/<name>)\n`);
  for (const [name, preset] of Object.entries(presets))
    process.stdout.write(
      `  ${name.padEnd(12)} ${preset.agents.join(', ')}${preset.description ? ` — ${preset.description}` : ''}\n`,
    );
  const { day, assignments } = engine.assignments();
  process.stdout.write(`\n${paint('bold', 'Archetypes')} on ${day.date} (day ${day.dayOfYear})\n`);
  for (const assignment of assignments)
    process.stdout.write(
      `  ${assignment.archetype.padEnd(20)} → ${assignment.model ?? paint('red', 'no available model')}\n`,
    );
}
