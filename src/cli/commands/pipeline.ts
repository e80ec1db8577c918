import type { Command } from 'commander';

/** Registers the pipeline command(s). */
export function registerPipelineCommands(_program: Command): void {}
