import type { Command } from 'commander';
import { discoverHuggingFace } from '../../catalog/discovery/discover-huggingface.js';
import { ConclaveError } from '../../core/conclave-error.js';
import { engineFromOptions } from '../engine-from-options.js';
import { paint, printJson, table } from '../output.js';

interface DiscoverOptions {
  hf?: boolean;
  author?: string;
  test?: boolean;
  hub?: string;
  router?: string;
  json?: boolean;
}

/** `conclave models discover`: what Ollama, local servers and (with --hf) a Hugging Face account offer. */
export function registerModelsDiscoverCommand(models: Command): void {
  models
    .command('discover')
    .description(
      'Probe Ollama, local OpenAI-compatible servers and GGUF files; with --hf, list a Hugging Face account',
    )
    .option('--hf', "list the Hugging Face account's models (needs HF_TOKEN)")
    .option('--author <name>', 'account or organisation (default: the token owner)')
    .option('--test', 'with --hf: send a one-token chat request to check each model answers the chat API')
    .option('--hub <url>', 'hub URL (default https://huggingface.co)')
    .option('--router <url>', 'router URL (default https://router.huggingface.co/v1)')
    .option('--json', 'print as JSON')
    .action(async (options: DiscoverOptions, command: Command) => {
      if (options.hf) {
        const token = process.env.HF_TOKEN ?? process.env.HF_API_TOKEN ?? process.env.HUGGINGFACE_API_KEY;
        if (!token)
          throw new ConclaveError('auth', 'No Hugging Face token.', {
            hint: 'Set HF_TOKEN (https://huggingface.co/settings/tokens).',
          });
        const found = await discoverHuggingFace({
          token,
          author: options.author,
          test: options.test,
          hubUrl: options.hub,
          routerUrl: options.router,
        });
        if (options.json) return printJson(found);
        process.stdout.write(
          `Found ${found.models.length} model${found.models.length === 1 ? '' : 's'} in ${found.author}:\n`,
        );
        const rows = found.models.map((model) => [
          model.id,
          model.pipelineTag ?? '—',
          model.looksLikeChat ? 'yes' : 'no',
          model.chatWorks === undefined
            ? '(use --test)'
            : model.chatWorks
              ? paint('green', 'works')
              : paint('red', `no: ${model.testError ?? ''}`),
        ]);
        process.stdout.write(`${table(['MODEL', 'PIPELINE', 'CHAT MODEL', 'CHAT API'], rows)}\n`);
        return;
      }
      const engine = await engineFromOptions(command.optsWithGlobals());
      try {
        const discovery = engine.discovery;
        if (options.json) return printJson(discovery);
        const ollama = discovery.ollama;
        process.stdout.write(
          ollama?.reachable
            ? `Ollama: ${ollama.models.length} model(s): ${ollama.models.map((model) => model.name).join(', ') || 'none (ollama pull <model>)'}; running: ${ollama.running.join(', ') || 'none'}\n`
            : `Ollama: not reachable (${ollama?.error ?? 'disabled'})\n`,
        );
        for (const [name, server] of Object.entries(discovery.openaiServers)) {
          process.stdout.write(
            `${name}: ${server.modelIds.length} model(s): ${server.modelIds.join(', ')}\n`,
          );
        }
        const files = discovery.embedded.files;
        process.stdout.write(
          `Embedded (${discovery.embedded.installed ? 'node-llama-cpp installed' : discovery.embedded.reason}): ${files.length} GGUF file(s) in ${engine.modelsDir}${files.length ? `: ${files.map((file) => file.id).join(', ')}` : ''}\n`,
        );
      } finally {
        await engine.close();
      }
    });
}
