import type { Command } from 'commander';

export function registerBenchEnsembleCommand(_bench: Command): void {}
