import type { Command } from 'commander';
import type { ChatRequest, ChatResult, Objective } from '../../core/chat-request.js';
import { ConclaveError } from '../../core/conclave-error.js';
import type { RoutingDecision } from '../../core/routing-decision.js';
import type { Engine } from '../../engine.js';
import { resolveAgent } from '../../orchestration/council/resolve-agent.js';
import { engineFromOptions, type GlobalOptions } from '../engine-from-options.js';
import { formatMs, formatUsd, paint, printJson } from '../output.js';
import { parseObjective, parsePositiveInteger, parseTemperature } from '../parse-options.js';

interface RunOptions extends GlobalOptions {
  model?: string;
  input?: string;
  system?: string;
  objective?: Objective;
  json?: boolean;
  maxTokens?: number;
  temperature?: number;
  allowExternal?: boolean;
  localOnly?: boolean;
  session?: string;
  agent?: string;
  date?: string;
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('Answer a prompt with the best model for it, streaming the answer')
    .argument('[prompt...]', 'the prompt (or use --input)')
    .option('-m, --model <id>', 'use this model (or auto, auto:quality, auto:cost, auto:speed)')
    .option('-i, --input <text>', 'the prompt')
    .option('-s, --system <text>', 'a system prompt')
    .option('-o, --objective <objective>', 'quality, cost, speed or balanced', parseObjective)
    .option('--max-tokens <n>', 'maximum output tokens', parsePositiveInteger)
    .option('--temperature <t>', 'sampling temperature (0–2)', parseTemperature)
    .option('--allow-external', 'consent to sending this prompt to a cloud provider')
    .option('--local-only', 'never leave this machine')
    .option('--session <id>', 'conversation/session id (for pinned models)')
    .option('--json', 'print the whole result as JSON instead of streaming')
    .option(
      '-a, --agent <archetype>',
      "answer as this archetype on today's rotated model (see `conclave models --assignments`)",
    )
    .option('--date <YYYY-MM-DD>', 'with --agent: use the rotation of another day')
    .action(async (words: string[], options: RunOptions, command: Command) => {
      const prompt = (options.input ?? words.join(' ')).trim();
      if (!prompt) {
        throw new ConclaveError('bad-request', 'No prompt given.', {
          hint: 'Example: conclave run "Explain DNS in one paragraph"',
        });
      }
      if (options.agent !== undefined && options.model !== undefined) {
        throw new ConclaveError('bad-request', 'Give either --agent or --model, not both.', {
          hint: "--agent uses the archetype's model for the day; see `conclave models --assignments`.",
        });
      }
      const engine = await engineFromOptions(command.optsWithGlobals());
      try {
        if (options.agent !== undefined) return await runAgent(engine, prompt, options);
        const request = buildRequest(prompt, options);
        if (options.json) printJson(await engine.generate(request));
        else await streamToTerminal(engine, request);
      } finally {
        await engine.close();
      }
    });
}

export function buildRequest(prompt: string, options: RunOptions): ChatRequest {
  return {
    model: options.model,
    prompt: [
      ...(options.system ? [{ role: 'system' as const, content: options.system }] : []),
      { role: 'user', content: [{ type: 'text', text: prompt }] },
    ],
    options: { maxOutputTokens: options.maxTokens, temperature: options.temperature },
    routing: {
      objective: options.objective,
      localOnly: options.localOnly,
    },
    consent: options.allowExternal,
    sessionId: options.session,
  };
}

/** `--agent`: the archetype's role prompt on its model for the day; the indicator says which model and why. */
async function runAgent(engine: Engine, prompt: string, options: RunOptions): Promise<void> {
  const { archetype, member } = resolveAgent(engine, options.agent!, options.date);
  const system = options.system ? `${archetype.prompt}\n\n${options.system}` : archetype.prompt;
  const request = buildRequest(prompt, { ...options, model: member.model, system });
  if (options.json) {
    printJson({ ...(await engine.generate(request)), agent: member });
    return;
  }
  const header = (decision: RoutingDecision) =>
    `${indicator(engine, decision.targets[0]!, decision)}\n${paint('cyan', `  as ${archetype.name} (${archetype.focus}) on ${member.model}: ${member.why}`)}`;
  await streamToTerminal(engine, request, header);
}

export async function streamToTerminal(
  engine: Engine,
  request: ChatRequest,
  header: (decision: RoutingDecision) => string = (decision) =>
    indicator(engine, decision.targets[0]!, decision),
): Promise<ChatResult> {
  const running = engine.stream(request);
  process.stderr.write(`${header(running.decision)}\n`);
  let text = '';
  for await (const part of running.parts) {
    if (part.type === 'text-delta') {
      text += part.delta;
      process.stdout.write(part.delta);
    } else if (part.type === 'conclave-fallback') {
      process.stderr.write(
        `\n${paint('yellow', `↪ ${part.from} failed (${part.reason}); continuing on ${part.to}`)}\n`,
      );
    } else if (part.type === 'conclave-attempt-failed' && part.willRetry) {
      process.stderr.write(paint('dim', `\n… ${part.model}: ${part.errorKind}, retrying\n`));
    } else if (part.type === 'tool-call') {
      process.stdout.write(`\n[tool call] ${part.toolName}(${part.input})\n`);
    }
  }
  const result = await running.result;
  if (!text.endsWith('\n')) process.stdout.write('\n');
  process.stderr.write(`${paint('dim', footer(result))}\n`);
  for (const warning of result.warnings) process.stderr.write(`${paint('yellow', 'warning:')} ${warning}\n`);
  if (result.provider === 'embedded' && result.model === 'conclave-demo') {
    process.stderr.write(
      `${paint('yellow', 'note:')} this answer came from the built-in demo model. Add a provider for real answers: set OPENAI_API_KEY / ANTHROPIC_API_KEY / GEMINI_API_KEY / GROQ_API_KEY, start Ollama, or run \`conclave models pull hf:<owner>/<repo>/<file.gguf>\`.\n`,
    );
  }
  return result;
}

/** "▸ deepseek-coder-6.7b-instruct · 🖥 local · code specialist — getting code expertise…" */
export function indicator(engine: Engine, modelId: string, decision: RoutingDecision): string {
  const profile = engine.catalog().find((candidate) => candidate.id === modelId);
  const where = profile?.location === 'external' ? `☁ cloud (${profile.provider})` : '🖥 local';
  const kind = decision.specialist
    ? `${decision.taskClass} specialist — getting ${decision.taskClass} expertise…`
    : 'general model';
  const why = decision.pinned ? 'requested' : `${decision.taskClass}, ${decision.objective}`;
  return paint('cyan', `▸ ${modelId} · ${where} · ${kind} (${why})`);
}

function footer(result: ChatResult): string {
  const cost = result.location === 'local' ? 'free (local)' : formatUsd(result.costUsd);
  const fallbacks = result.fallbacks.length
    ? ` · fallbacks: ${result.fallbacks.join(' → ')} → ${result.model}`
    : '';
  return `— ${result.model} · ${result.usage.inputTokens} in / ${result.usage.outputTokens} out tokens · ${formatMs(result.latencyMs)} (first token ${formatMs(result.ttftMs)}) · ${cost}${fallbacks}`;
}
