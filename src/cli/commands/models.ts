import type { Command } from 'commander';
import type { ModelProfile } from '../../core/model-profile.js';
import { engineFromOptions, type GlobalOptions } from '../engine-from-options.js';
import { formatTokens, paint, printJson, table } from '../output.js';

interface ListOptions extends GlobalOptions {
  json?: boolean;
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
    .action(async (options: ListOptions, command: Command) => {
      const engine = await engineFromOptions({ ...command.optsWithGlobals(), ...options });
      try {
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
  return models;
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
