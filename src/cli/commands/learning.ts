import type { Command } from 'commander';

/** Registers the learning command(s). */
export function registerLearningCommands(_program: Command): void {}
