import type { Command } from 'commander';

export function registerBenchRoutingCommand(_bench: Command): void {}
