import type { Command } from 'commander';
import type { Objective } from '../../core/chat-request.js';
import { ConclaveError } from '../../core/conclave-error.js';
import { engineFromOptions } from '../engine-from-options.js';
import { formatMs, formatUsd, paint, printJson } from '../output.js';
import { parseObjective, parsePositiveInteger } from '../parse-options.js';
import { buildRequest } from './run.js';

interface RouteOptions {
  model?: string;
  objective?: Objective;
  explain?: boolean;
  json?: boolean;
  allowExternal?: boolean;
  localOnly?: boolean;
  maxTokens?: number;
  session?: string;
}

export function registerRouteCommand(program: Command): void {
  program
    .command('route')
    .description('Show where a prompt would be routed and why, without calling any model')
    .argument('<prompt...>', 'the prompt')
    .option('-m, --model <id>', 'a model id or auto[:objective]')
    .option('-o, --objective <objective>', 'quality, cost, speed or balanced', parseObjective)
    .option('--explain', 'also list every excluded model and why')
    .option('--allow-external', 'consider cloud models (consent)')
    .option('--local-only', 'only local models')
    .option('--max-tokens <n>', 'expected output tokens', parsePositiveInteger)
    .option('--session <id>', 'session id (honours a pinned model)')
    .option('--json', 'print the RoutingDecision as JSON')
    .action(async (words: string[], options: RouteOptions, command: Command) => {
      const prompt = words.join(' ').trim();
      if (!prompt)
        throw new ConclaveError('bad-request', 'No prompt given.', {
          hint: 'Example: conclave route --explain "Fix this function"',
        });
      const engine = await engineFromOptions(command.optsWithGlobals());
      try {
        const started = performance.now();
        const decision = engine.route(buildRequest(prompt, options));
        const elapsed = performance.now() - started;
        if (options.json) return printJson(decision);
        const primary = decision.targets[0]!;
        process.stdout.write(
          `${paint('cyan', '▸')} ${paint('bold', primary)}${decision.specialist ? paint('cyan', ` — getting ${decision.taskClass} expertise…`) : ''}\n`,
        );
        process.stdout.write(
          `task: ${decision.taskClass} (confidence ${decision.confidence.toFixed(2)}; ${decision.signals.join(', ')})\n`,
        );
        process.stdout.write(
          `objective: ${decision.objective} · context: ${decision.contextTokens} tokens · estimate: ${formatUsd(decision.estimate.costUsd)}, ${formatMs(decision.estimate.latencyMs)}, quality ${decision.estimate.quality.toFixed(2)}\n`,
        );
        process.stdout.write(`fallbacks: ${decision.targets.slice(1).join(' → ') || 'none'}\n`);
        process.stdout.write(`evidence: ${decision.evidence.join('; ')}\n`);
        process.stdout.write(`why: ${decision.reason}\n`);
        if (options.explain) {
          process.stdout.write(`\nexcluded (${decision.excluded.length}):\n`);
          for (const entry of decision.excluded) process.stdout.write(`  ${entry.model}: ${entry.because}\n`);
          process.stdout.write(`\n(decided in ${elapsed.toFixed(2)} ms)\n`);
        }
      } finally {
        await engine.close();
      }
    });
}
