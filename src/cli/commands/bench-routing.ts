import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import {
  formatRoutingReportMarkdown,
  renderCostQualitySvg,
  runRoutingBenchmark,
} from '../../routing/offline/index.js';
import { printJson } from '../output.js';

interface BenchRoutingOptions {
  data: string;
  json?: boolean;
  online?: boolean;
  out?: string;
  splitSeed?: number;
}

/** `conclave bench routing --data <outcomes.jsonl>`: baselines vs Conclave's learned router on real outcomes. */
export function registerBenchRoutingCommand(bench: Command): void {
  bench
    .command('routing')
    .description(
      'Train routers on the train split of recorded outcomes, report quality, cost, AIQ, APGR/CPT on the test split',
    )
    .requiredOption(
      '-d, --data <file>',
      'per-query outcome data (jsonl, format of ../shared/data/routing/README.md)',
    )
    .option(
      '--online',
      'also replay the test stream online (only the chosen model’s outcome is revealed) and report regret',
    )
    .option('--out <dir>', 'write report.md, report.json and cost-quality.svg into this directory')
    .option('--split-seed <n>', 'seed of the stratified 50/50 split for files without a train split', Number)
    .option(
      '--json',
      'print { dataset, split, strategies: [{ name, quality, costPerQuery, aiq, apgr, cpt50, cpt80, costToMatchBest }] }',
    )
    .action(async (options: BenchRoutingOptions) => {
      const report = await runRoutingBenchmark({
        data: options.data,
        online: options.online,
        splitSeed: options.splitSeed,
        log: (message) => process.stderr.write(`${message}\n`),
      });
      const markdown = formatRoutingReportMarkdown(report);
      if (options.out) {
        mkdirSync(options.out, { recursive: true });
        writeFileSync(path.join(options.out, 'report.md'), markdown);
        writeFileSync(path.join(options.out, 'report.json'), JSON.stringify(report, null, 2));
        writeFileSync(path.join(options.out, 'cost-quality.svg'), renderCostQualitySvg(report));
        process.stderr.write(`wrote report.md, report.json and cost-quality.svg to ${options.out}\n`);
      }
      if (options.json) {
        printJson({
          dataset: report.dataset,
          split: report.split,
          strategies: report.strategies,
          tasks: report.tasks,
          online: report.online,
        });
        return;
      }
      process.stdout.write(`${markdown}\n`);
    });
}
