import type { Command } from 'commander';

/** Registers the council command(s). */
export function registerCouncilCommands(_program: Command): void {}
