import type { Command } from 'commander';

/** Registers the ensemble command(s). */
export function registerEnsembleCommands(_program: Command): void {}
