// Runs the offline routing benchmark on one outcome file and writes report.md, report.json and
// cost-quality.svg — the same library calls `conclave bench routing` makes.
// usage: node run-benchmark.js <file.jsonl> <out-dir> [--online]
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatRoutingReportMarkdown } from '../../src/routing/offline/format-routing-report.js';
import { renderCostQualitySvg } from '../../src/routing/offline/render-cost-quality-svg.js';
import { runRoutingBenchmark } from '../../src/routing/offline/run-routing-benchmark.js';

const [data, outDirectory = 'bench/results/routing', ...flags] = process.argv.slice(2);
if (!data) throw new Error('usage: run-benchmark <file.jsonl> <out-dir> [--online]');
const report = await runRoutingBenchmark({
  data,
  online: flags.includes('--online'),
  log: (message) => console.error(message),
});
await mkdir(outDirectory, { recursive: true });
const markdown = formatRoutingReportMarkdown(report);
await writeFile(join(outDirectory, `${report.dataset}.md`), markdown);
await writeFile(join(outDirectory, `${report.dataset}.json`), `${JSON.stringify(report, null, 2)}\n`);
await writeFile(join(outDirectory, `${report.dataset}.svg`), renderCostQualitySvg(report));
console.log(markdown);
