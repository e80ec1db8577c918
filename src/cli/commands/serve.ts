import type { Command } from 'commander';
import { startServer } from '../../server/start-server.js';
import { engineFromOptions, type GlobalOptions } from '../engine-from-options.js';
import { paint } from '../output.js';
import { parsePort } from '../parse-options.js';

interface ServeOptions extends GlobalOptions {
  host?: string;
  port?: number;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Start the OpenAI-compatible gateway (127.0.0.1 by default)')
    .option('--host <host>', 'address to bind (default: server.host, 127.0.0.1)')
    .option('-p, --port <port>', 'port (default: server.port, 4141; 0 picks a free one)', parsePort)
    .action(async (options: ServeOptions, command: Command) => {
      const engine = await engineFromOptions(command.optsWithGlobals());
      let server: Awaited<ReturnType<typeof startServer>>;
      try {
        // The log's outcomes and the experiments' statistics are read once now, not by the first request
        // (about 1.4 s per million logged requests, 2.9 s per million observations of an experiment).
        engine.loadEvidence();
        server = await startServer({ engine, host: options.host, port: options.port });
      } catch (error) {
        await engine.close();
        throw error;
      }
      const available = engine.catalog().filter((profile) => profile.available);
      const local = available.filter((profile) => profile.location === 'local').length;
      process.stdout.write(`${paint('green', 'Conclave gateway listening on')} ${server.url}\n`);
      process.stdout.write(
        `Models available: ${available.length} (${local} local, ${available.length - local} cloud). OpenAI base URL: ${server.url}/v1\n`,
      );
      if (available.length === 1 && available[0]?.id === 'conclave-demo') {
        process.stdout.write(
          `${paint('yellow', 'note:')} only the built-in demo model is available. Set OPENAI_API_KEY / ANTHROPIC_API_KEY / GEMINI_API_KEY / GROQ_API_KEY or start Ollama for real answers.\n`,
        );
      }
      if (server.open) {
        process.stdout.write(
          `${paint('yellow', 'warning:')} no API keys configured: the gateway is open to anyone on this machine (create one with \`conclave keys create --name <name>\`).\n`,
        );
      }
      process.stdout.write(
        `\nTry it:\n  curl ${server.url}/v1/chat/completions -H 'content-type: application/json' \\\n    -d '{"model":"auto","messages":[{"role":"user","content":"Hello"}]}'\n\n`,
      );
      const stopWatching = watchWarnings(engine);
      await new Promise<void>((resolve) => {
        const stop = async (signal: string) => {
          stopWatching();
          process.stdout.write(`\n${signal}: draining in-flight requests…\n`);
          await server.close();
          await engine.close();
          resolve();
        };
        process.once('SIGINT', () => void stop('SIGINT'));
        process.once('SIGTERM', () => void stop('SIGTERM'));
      });
    });
}

/**
 * A problem that appears while serving (a rules or router model file rewritten badly) is printed once when it
 * appears and once when it is fixed — the operator of a running gateway sees it without polling /admin/health.
 */
function watchWarnings(engine: { readonly warnings: string[] }, intervalMs = 2_000): () => void {
  let shown = new Set(engine.warnings);
  const timer = setInterval(() => {
    const current = new Set(engine.warnings);
    for (const warning of current)
      if (!shown.has(warning)) process.stderr.write(`${paint('yellow', 'warning:')} ${warning}\n`);
    for (const warning of shown)
      if (!current.has(warning)) process.stderr.write(`${paint('green', 'resolved:')} ${warning}\n`);
    shown = current;
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
