import type { Command } from 'commander';
import { engineFromOptions } from '../engine-from-options.js';
import { formatUsd, paint, printJson, table } from '../output.js';
import { parseNonNegativeNumber, parsePositiveInteger } from '../parse-options.js';

interface CreateOptions {
  name: string;
  admin?: boolean;
  rpm?: number;
  tpm?: number;
  budgetDay?: number;
  budgetMonth?: number;
  json?: boolean;
}

export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('Manage gateway API keys (stored hashed)');
  keys
    .command('create')
    .description('Create a key; it is shown once')
    .requiredOption('-n, --name <name>', 'a name for the key (who or what uses it)')
    .option('--admin', 'allow admin routes')
    .option('--rpm <n>', 'requests per minute', parsePositiveInteger)
    .option('--tpm <n>', 'tokens per minute', parsePositiveInteger)
    .option('--budget-day <usd>', 'USD budget per UTC day', parseNonNegativeNumber)
    .option('--budget-month <usd>', 'USD budget per UTC month', parseNonNegativeNumber)
    .option('--json', 'print as JSON')
    .action(async (options: CreateOptions, command: Command) => {
      const engine = await engineFromOptions(command.optsWithGlobals(), { discover: false });
      try {
        const { key, record } = engine.keys.create({
          name: options.name,
          admin: options.admin,
          rpm: options.rpm,
          tpm: options.tpm,
          budgetDayUsd: options.budgetDay,
          budgetMonthUsd: options.budgetMonth,
        });
        if (options.json) return printJson({ key, ...record });
        process.stdout.write(
          `${paint('green', 'Created key')} "${record.name}" (${record.id})\n\n  ${key}\n\n`,
        );
        process.stdout.write('Store it now: Conclave keeps only its hash and cannot show it again.\n');
      } finally {
        await engine.close();
      }
    });
  keys
    .command('list')
    .description('List active keys (prefix, limits, budgets)')
    .option('--all', 'include revoked keys')
    .option('--json', 'print as JSON')
    .action(async (options: { all?: boolean; json?: boolean }, command: Command) => {
      const engine = await engineFromOptions(command.optsWithGlobals(), { discover: false });
      try {
        const records = engine.keys.list(options.all);
        if (options.json) return printJson(records);
        if (records.length === 0) {
          process.stdout.write(
            'No keys: the gateway is open on loopback only. Create one with `conclave keys create --name <name>`.\n',
          );
          return;
        }
        const rows = records.map((record) => [
          record.name,
          `${record.prefix}…`,
          record.id,
          record.admin ? 'admin' : '',
          record.rpm ? String(record.rpm) : '—',
          record.tpm ? String(record.tpm) : '—',
          record.budgetDayUsd === undefined ? '—' : formatUsd(record.budgetDayUsd),
          record.budgetMonthUsd === undefined ? '—' : formatUsd(record.budgetMonthUsd),
          record.revokedAt ? 'revoked' : 'active',
        ]);
        process.stdout.write(
          `${table(['NAME', 'PREFIX', 'ID', 'ROLE', 'RPM', 'TPM', '$/DAY', '$/MONTH', 'STATE'], rows)}\n`,
        );
      } finally {
        await engine.close();
      }
    });
  keys
    .command('revoke')
    .description('Revoke a key by id, prefix or name')
    .argument('<key>', 'key id, prefix or name')
    .action(async (which: string, _options: unknown, command: Command) => {
      const engine = await engineFromOptions(command.optsWithGlobals(), { discover: false });
      try {
        const record = engine.keys.revoke(which);
        process.stdout.write(`Revoked "${record.name}" (${record.id}).\n`);
      } finally {
        await engine.close();
      }
    });
}
