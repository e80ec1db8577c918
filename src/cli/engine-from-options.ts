import { type CreateEngineOptions, createEngine, type Engine } from '../engine.js';
import { paint } from './output.js';

export interface GlobalOptions {
  config?: string;
}

/** Builds the engine for a command and prints config warnings once, on stderr. */
export async function engineFromOptions(
  options: GlobalOptions,
  extra: CreateEngineOptions = {},
): Promise<Engine> {
  const engine = await createEngine({ file: options.config, ...extra });
  for (const warning of engine.warnings) process.stderr.write(`${paint('yellow', 'warning:')} ${warning}\n`);
  return engine;
}
