import type { Command } from 'commander';

/** Registers the eval command(s). */
export function registerEvalCommands(_program: Command): void {}
