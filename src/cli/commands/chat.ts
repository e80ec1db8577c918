import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import type { Command } from 'commander';
import { requireModel } from '../../catalog/find-model.js';
import { type ChatResult, OBJECTIVES, type Objective } from '../../core/chat-request.js';
import { ConclaveError } from '../../core/conclave-error.js';
import type { RoutingDecision } from '../../core/routing-decision.js';
import type { Engine } from '../../engine.js';
import { engineFromOptions } from '../engine-from-options.js';
import { handleCliError } from '../handle-error.js';
import { formatMs, formatUsd, paint } from '../output.js';
import { indicator } from './run.js';

const HELP = `Commands:
  /pin <model> [--fallbacks]  answer with this model from now on (fallbacks only if asked)
  /unpin                      route automatically again
  /objective <quality|cost|speed|balanced>
  /why                        the last routing decision in full
  /models                     models available now
  /clear                      forget the conversation
  /exit                       leave (Ctrl-D works too)`;

interface ChatOptions {
  session?: string;
  objective?: Objective;
  allowExternal?: boolean;
  system?: string;
}

/** `conclave chat`: an interactive, multi-turn terminal session that shows which model answers each turn. */
export function registerChatCommand(program: Command): void {
  program
    .command('chat')
    .description('Interactive chat: every answer shows its model, where it ran, fallbacks and warnings')
    .option('--session <id>', 'a session id to keep (its pin persists after you leave)')
    .option('-o, --objective <objective>', 'quality, cost, speed or balanced')
    .option('--allow-external', 'consent to cloud models for this session')
    .option('-s, --system <text>', 'a system prompt')
    .action(async (options: ChatOptions, command: Command) => {
      const engine = await engineFromOptions(command.optsWithGlobals());
      const session = options.session ?? `chat-${randomUUID()}`;
      const state = {
        objective: options.objective,
        last: undefined as RoutingDecision | undefined,
        history: [] as LanguageModelV4Prompt,
      };
      if (options.system) state.history.push({ role: 'system', content: options.system });
      const input = createInterface({
        input: process.stdin,
        output: process.stdout,
        terminal: process.stdin.isTTY,
      });
      process.stdout.write(`Conclave chat (session ${session}). /help for commands.\n`);
      try {
        for await (const raw of input) {
          const line = raw.trim();
          if (line === '') continue;
          if (line.startsWith('/')) {
            if (!handleCommand(engine, session, state, line)) break;
            continue;
          }
          state.history.push({ role: 'user', content: [{ type: 'text', text: line }] });
          try {
            const result = await answer(engine, session, state, options);
            state.history.push({ role: 'assistant', content: [{ type: 'text', text: result.text }] });
          } catch (error) {
            state.history.pop();
            handleCliError(error);
          }
        }
      } finally {
        input.close();
        if (!options.session) engine.pins.clear(session);
        await engine.close();
      }
    });
}

async function answer(
  engine: Engine,
  session: string,
  state: { objective?: Objective; last?: RoutingDecision; history: LanguageModelV4Prompt },
  options: ChatOptions,
): Promise<ChatResult> {
  const running = engine.stream({
    prompt: state.history,
    options: {},
    routing: { objective: state.objective },
    consent: options.allowExternal,
    sessionId: session,
  });
  state.last = running.decision;
  process.stdout.write(`${indicator(engine, running.decision.targets[0]!, running.decision)}\n`);
  for await (const part of running.parts) {
    if (part.type === 'text-delta') process.stdout.write(part.delta);
    else if (part.type === 'conclave-fallback')
      process.stdout.write(
        `\n${paint('yellow', `↪ fallback: ${part.from} → ${part.to} (${part.reason})`)}\n`,
      );
  }
  const result = await running.result;
  const where = result.location === 'local' ? '🖥 local' : `☁ ${result.provider}`;
  process.stdout.write(
    `\n${paint('dim', `— ${result.model} · ${where} · ${formatMs(result.latencyMs)} · ${result.location === 'local' ? 'free' : formatUsd(result.costUsd)}`)}\n`,
  );
  if (result.fallbacks.length)
    process.stdout.write(
      `${paint('yellow', `fallbacks taken: ${result.fallbacks.join(' → ')} → ${result.model}`)}\n`,
    );
  for (const warning of result.warnings) process.stdout.write(`${paint('yellow', `⚠ ${warning}`)}\n`);
  return result;
}

/** Returns false when the session should end. */
function handleCommand(
  engine: Engine,
  session: string,
  state: { objective?: Objective; last?: RoutingDecision; history: LanguageModelV4Prompt },
  line: string,
): boolean {
  const [name, ...rest] = line.slice(1).split(/\s+/);
  try {
    switch (name) {
      case 'exit':
      case 'quit':
        return false;
      case 'help':
        process.stdout.write(`${HELP}\n`);
        break;
      case 'pin': {
        if (!rest[0]) throw new ConclaveError('bad-request', 'Usage: /pin <model> [--fallbacks]');
        const profile = requireModel(engine.catalog(), rest[0]);
        engine.pins.set(session, profile.id, rest.includes('--fallbacks'));
        process.stdout.write(
          `Pinned to ${profile.id}${rest.includes('--fallbacks') ? ' (fallbacks allowed)' : ''}.\n`,
        );
        break;
      }
      case 'unpin':
        engine.pins.clear(session);
        process.stdout.write('Unpinned: routing automatically.\n');
        break;
      case 'objective': {
        const objective = rest[0] as Objective;
        if (!(OBJECTIVES as readonly string[]).includes(objective))
          throw new ConclaveError('bad-request', `Unknown objective "${rest[0] ?? ''}".`, {
            hint: `Use one of: ${OBJECTIVES.join(', ')}.`,
          });
        state.objective = objective;
        process.stdout.write(`Objective: ${objective}.\n`);
        break;
      }
      case 'why':
        process.stdout.write(state.last ? `${state.last.reason}\n` : 'No answer yet.\n');
        break;
      case 'models':
        process.stdout.write(
          `${engine
            .catalog()
            .filter((profile) => profile.available)
            .map((profile) => `${profile.id} (${profile.location})`)
            .join('\n')}\n`,
        );
        break;
      case 'clear':
        state.history = state.history.filter((message) => message.role === 'system');
        process.stdout.write('Conversation cleared.\n');
        break;
      default:
        throw new ConclaveError('bad-request', `Unknown command /${name}.`, {
          hint: 'Type /help for the list.',
        });
    }
  } catch (error) {
    handleCliError(error);
  }
  return true;
}
