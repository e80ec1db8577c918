import type { Command } from 'commander';
import type { Engine } from '../engine.js';
import { engineFromOptions } from './engine-from-options.js';

/** Runs `work` with an engine built from the global options (discovery on), always closing it. */
export async function withEngine<T>(
  command: Command,
  work: (engine: Engine) => Promise<T> | T,
  discover = true,
): Promise<T> {
  const engine = await engineFromOptions(command.optsWithGlobals(), { discover });
  try {
    return await work(engine);
  } finally {
    await engine.close();
  }
}

/** Same, without probing Ollama and local servers: for commands that only read or write the store. */
export function withOfflineEngine<T>(command: Command, work: (engine: Engine) => Promise<T> | T): Promise<T> {
  return withEngine(command, work, false);
}
