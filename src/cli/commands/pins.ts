import type { Command } from 'commander';
import { requireModel } from '../../catalog/find-model.js';
import { ConclaveError } from '../../core/conclave-error.js';
import { engineFromOptions } from '../engine-from-options.js';
import { printJson, table } from '../output.js';

/** `conclave pin <session> <model>`, `conclave unpin <session>`, `conclave pins`: per-conversation model locks. */
export function registerPinCommands(program: Command): void {
  program
    .command('pin')
    .description('Lock a conversation/session to one model')
    .argument('<session>', 'session or conversation id')
    .argument('<model>', 'model id')
    .option('--allow-fallbacks', 'let the pinned model fall back to others when it fails')
    .action(
      async (session: string, model: string, options: { allowFallbacks?: boolean }, command: Command) => {
        const engine = await engineFromOptions(command.optsWithGlobals(), { discover: false });
        try {
          const profile = requireModel(engine.catalog(), model);
          engine.pins.set(session, profile.id, options.allowFallbacks);
          process.stdout.write(
            `Session "${session}" is pinned to ${profile.id}${options.allowFallbacks ? ' (fallbacks allowed)' : ' (no fallbacks)'}.\n`,
          );
        } finally {
          await engine.close();
        }
      },
    );
  program
    .command('unpin')
    .description('Clear a session’s model lock')
    .argument('<session>', 'session id')
    .action(async (session: string, _options: unknown, command: Command) => {
      const engine = await engineFromOptions(command.optsWithGlobals(), { discover: false });
      try {
        if (!engine.pins.clear(session)) {
          throw new ConclaveError('not-found', `Session "${session}" has no pinned model.`, {
            hint: 'Run `conclave pins` to list locks.',
          });
        }
        process.stdout.write(`Session "${session}" is routed automatically again.\n`);
      } finally {
        await engine.close();
      }
    });
  program
    .command('pins')
    .description('List pinned sessions')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const engine = await engineFromOptions(command.optsWithGlobals(), { discover: false });
      try {
        const pins = engine.pins.list();
        if (options.json) return printJson(pins);
        if (pins.length === 0) return void process.stdout.write('No pinned sessions.\n');
        const rows = pins.map((pin) => [
          pin.sessionId,
          pin.model,
          pin.allowFallbacks ? 'yes' : 'no',
          new Date(pin.createdAt).toISOString(),
        ]);
        process.stdout.write(`${table(['SESSION', 'MODEL', 'FALLBACKS', 'SINCE'], rows)}\n`);
      } finally {
        await engine.close();
      }
    });
}
