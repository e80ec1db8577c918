import { CommanderError } from 'commander';
import { ConclaveError } from '../core/conclave-error.js';
import { ERROR_TABLE } from '../core/error-table.js';
import { paint } from './output.js';

/** One place maps any failure to a one-line message and an exit code. User mistakes never print a stack. */
export function handleCliError(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (error instanceof ConclaveError) {
    const [first, ...rest] = error.message.split('\n');
    process.stderr.write(`${paint('red', 'error:')} ${first}\n`);
    for (const line of rest) process.stderr.write(`${line}\n`);
    if (error.hint) process.stderr.write(`${paint('yellow', 'hint:')} ${error.hint}\n`);
    if (error.kind === 'all-failed' && error.attempts) {
      for (const attempt of error.attempts)
        process.stderr.write(`  - ${attempt.model}: ${attempt.message}\n`);
    }
    if (process.env.CONCLAVE_DEBUG && error.cause)
      process.stderr.write(`${String((error.cause as Error).stack ?? error.cause)}\n`);
    return ERROR_TABLE[error.kind].exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${paint('red', 'internal error:')} ${message}\n`);
  if (process.env.CONCLAVE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write('Set CONCLAVE_DEBUG=1 for details, and please report this as a bug.\n');
  return 1;
}
