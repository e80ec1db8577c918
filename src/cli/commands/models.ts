import type { Command } from 'commander';
import type { ModelProfile } from '../../core/model-profile.js';
import type { Engine } from '../../engine.js';
import { engineFromOptions, type GlobalOptions } from '../engine-from-options.js';
import { formatTokens, paint, printJson, table } from '../output.js';
import { registerModelsDiscoverCommand } from './models-discover.js';
import { registerModelsPullCommand } from './models-pull.js';

interface ListOptions extends GlobalOptions {
  json?: boolean;
  assignments?: boolean;
  date?: string;
  available?: boolean;
  location?: 'local' | 'external';
}

export function registerModelsCommand(program: Command): Command {
  const models = program.command('models').description('List, discover and pull models');
  models
    .command('list', { isDefault: true })
    .description('Show the model catalog: id, provider, location, context, price, availability')
    .option('--json', 'print the catalog as JSON')
    .option('--available', 'only models that can be called now')
    .option('--location <where>', 'only local or external models')
    .option('--assignments', "show every archetype's rotating model for the day")
    .option('--date <YYYY-MM-DD>', 'with --assignments: another day (default today in rotation.timezone)')
    .action(async (options: ListOptions, command: Command) => {
      const engine = await engineFromOptions({ ...command.optsWithGlobals(), ...options });
      try {
        if (options.assignments) return printAssignments(engine, options);
        let profiles = [...engine.catalog()];
        if (options.available) profiles = profiles.filter((profile) => profile.available);
        if (options.location) profiles = profiles.filter((profile) => profile.location === options.location);
        if (options.json) {
          printJson(profiles);
          return;
        }
        printModelTable(profiles);
      } finally {
        await engine.close();
      }
    });
  registerModelsPullCommand(models);
  registerModelsDiscoverCommand(models);
  return models;
}

function printAssignments(engine: Engine, options: ListOptions): void {
  const { day, assignments } = engine.assignments(options.date);
  if (options.json) {
    printJson({ ...day, assignments });
    return;
  }
  process.stdout.write(
    `Rotation for ${day.date} (day ${day.dayOfYear}, index ${day.index}: each archetype uses preference ${day.index + 1})\n\n`,
  );
  for (const assignment of assignments) {
    const model = assignment.model ?? paint('red', 'no available model');
    const note = assignment.skipped.length
      ? paint(
          'yellow',
          `  (skipped ${assignment.skipped.map((skip) => `${skip.model}: ${skip.because}`).join('; ')})`,
        )
      : '';
    process.stdout.write(
      `${assignment.archetype.padEnd(20)} → ${String(model).padEnd(28)} (${assignment.focus})${note}\n`,
    );
  }
}

function printModelTable(profiles: ModelProfile[]): void {
  const sorted = profiles.sort(
    (left, right) => Number(right.available) - Number(left.available) || left.id.localeCompare(right.id),
  );
  const rows = sorted.map((profile) => [
    profile.available ? paint('green', profile.id) : profile.id,
    profile.provider,
    profile.location === 'local' ? 'local' : 'cloud',
    formatTokens(profile.contextWindow),
    profile.location === 'local' ? 'free' : `$${profile.price.inputPerMTok}/$${profile.price.outputPerMTok}`,
    profile.specialist ?? '',
    profile.available ? paint('green', 'yes') : paint('dim', `no: ${profile.unavailableReason ?? ''}`),
  ]);
  process.stdout.write(
    `${table(['MODEL', 'PROVIDER', 'WHERE', 'CONTEXT', '$/1M IN/OUT', 'SPECIALIST', 'AVAILABLE'], rows)}\n`,
  );
  const available = profiles.filter((profile) => profile.available).length;
  process.stdout.write(`\n${available} of ${profiles.length} models available.`);
  if (available <= 1) {
    process.stdout.write(
      ' Add providers: set OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, GROQ_API_KEY (…), start Ollama, or `conclave models pull hf:<owner>/<repo>/<file.gguf>`.',
    );
  }
  process.stdout.write('\n');
}
