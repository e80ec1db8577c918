import type { Command } from 'commander';
import { modelsDirectory } from '../../config/conclave-home.js';
import { loadConfig } from '../../config/load-config.js';
import { pullModel } from '../../local/pull-model.js';
import { formatTokens, paint } from '../output.js';

/** `conclave models pull hf:<owner>/<repo>/<file.gguf>[@revision]` with a progress line and checksum check. */
export function registerModelsPullCommand(models: Command): void {
  models
    .command('pull')
    .description(
      'Download a GGUF model from Hugging Face into the models directory (resumable, SHA-256 verified)',
    )
    .argument('<spec>', 'hf:<owner>/<repo>/<file.gguf>[@revision]')
    .option('--hub <url>', 'Hugging Face hub URL (default https://huggingface.co)')
    .action(async (spec: string, options: { hub?: string }, command: Command) => {
      const { config } = loadConfig({ file: command.optsWithGlobals<{ config?: string }>().config });
      const modelsDir = modelsDirectory(config);
      const started = Date.now();
      let lastDraw = 0;
      const controller = new AbortController();
      process.once('SIGINT', () => controller.abort());
      const pulled = await pullModel({
        spec,
        modelsDir,
        hubUrl: options.hub,
        signal: controller.signal,
        onProgress: ({ bytes, totalBytes }) => {
          const now = Date.now();
          if (now - lastDraw < 200 && bytes !== totalBytes) return;
          lastDraw = now;
          const seconds = Math.max(0.001, (now - started) / 1000);
          const percent = totalBytes ? `${((bytes / totalBytes) * 100).toFixed(1)}%` : '';
          const rate = `${formatTokens(Math.round(bytes / seconds))}B/s`;
          process.stderr.write(
            `\r${paint('cyan', 'pulling')} ${spec} ${percent} ${formatBytes(bytes)}${totalBytes ? ` / ${formatBytes(totalBytes)}` : ''} ${rate}   `,
          );
        },
      });
      process.stderr.write('\n');
      process.stdout.write(
        `${paint('green', pulled.downloaded ? 'Downloaded' : 'Already present:')} ${pulled.path} (${formatBytes(pulled.sizeBytes)}, ${pulled.sha256 ? `sha256 ${pulled.sha256.slice(0, 12)}…` : 'already verified'}${pulled.verified ? ', verified' : ''})\nUse it as model "${pulled.id}".\n`,
      );
    });
}

function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
