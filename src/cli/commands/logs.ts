import type { Command } from 'commander';
import { ConclaveError } from '../../core/conclave-error.js';
import { engineFromOptions } from '../engine-from-options.js';
import { formatMs, formatUsd, paint, printJson, table } from '../output.js';
import { parsePositiveInteger } from '../parse-options.js';

interface LogsOptions {
  model?: string;
  since?: string;
  limit?: number;
  errors?: boolean;
  json?: boolean;
}

export function registerLogsCommand(program: Command): void {
  program
    .command('logs')
    .description('Show the request log: model, task, status, tokens, cost, latency, fallbacks')
    .option('-m, --model <id>', 'only requests answered by this model')
    .option('--since <when>', 'only newer requests: a duration (30m, 2h, 7d) or an ISO date')
    .option('-n, --limit <n>', 'how many (default 20)', parsePositiveInteger)
    .option('--errors', 'only failed requests')
    .option('--json', 'print as JSON (with each attempt)')
    .action(async (options: LogsOptions, command: Command) => {
      const engine = await engineFromOptions(command.optsWithGlobals(), { discover: false });
      try {
        const rows = engine.requestLog.query({
          model: options.model,
          since: options.since ? parseSince(options.since) : undefined,
          limit: options.limit ?? 20,
          status: options.errors ? 'error' : undefined,
        });
        if (options.json)
          return printJson(rows.map((row) => ({ ...row, attempts: engine.requestLog.attemptsOf(row.id) })));
        if (rows.length === 0) {
          process.stdout.write('No requests recorded yet.\n');
          return;
        }
        const lines = rows.map((row) => [
          new Date(row.createdAt).toISOString().replace('T', ' ').slice(0, 19),
          row.kind,
          row.model ?? '—',
          row.taskClass ?? '—',
          row.status === 'ok' ? paint('green', 'ok') : paint('red', row.errorKind ?? 'error'),
          `${row.inputTokens}/${row.outputTokens}`,
          formatUsd(row.costUsd),
          formatMs(row.latencyMs),
          row.fallbacks?.length ? row.fallbacks.join('→') : '',
        ]);
        process.stdout.write(
          `${table(['TIME (UTC)', 'KIND', 'MODEL', 'TASK', 'STATUS', 'TOKENS IN/OUT', 'COST', 'LATENCY', 'FALLBACKS'], lines)}\n`,
        );
      } finally {
        await engine.close();
      }
    });
}

export function parseSince(value: string, now = Date.now()): number {
  const duration = /^(\d+)\s*(s|m|h|d)$/.exec(value.trim());
  if (duration) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[duration[2] as 's' | 'm' | 'h' | 'd'];
    return now - Number(duration[1]) * unit;
  }
  const date = Date.parse(value);
  if (Number.isNaN(date)) {
    throw new ConclaveError('bad-request', `--since: cannot read "${value}".`, {
      hint: 'Use a duration like 30m, 2h, 7d or a date like 2026-11-01.',
    });
  }
  return date;
}
