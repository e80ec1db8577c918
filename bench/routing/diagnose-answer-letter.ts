// Diagnostic (not a router): how much of the RouterBench subset's per-query signal is "which answer
// letter is correct" × each model's letter bias. It reads the gold letter off the responses of
// models marked correct — information no real router has — so the figure is an explanation of the
// ceiling, never a result. Priors are fitted on train, evaluated on test.
// usage: node diagnose-answer-letter.js [routerbench_subset.jsonl]
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  averageImprovedQuality,
  type CostQualityPoint,
} from '../../src/routing/learned/cost-quality-metrics.js';

interface Cell {
  correct: number | null;
  cost: number | null;
  response: string | null;
}
interface Line {
  task: string;
  split: string;
  id: string;
  outcomes: Record<string, Cell>;
}

const file = process.argv[2] ?? '/work/shared/data/routing/routerbench_subset.jsonl';
const lines: Line[] = [];
for await (const text of createInterface({ input: createReadStream(file) }))
  if (text.trim()) lines.push(JSON.parse(text) as Line);
const testIds = new Set(lines.filter((line) => line.split === 'test').map((line) => line.id));
const train = lines.filter((line) => line.split === 'train' && !testIds.has(line.id));
const test = lines.filter((line) => line.split === 'test');
const models = Object.keys(lines[0]?.outcomes ?? {});
const letterOf = (response: string | null) => /\b([A-E])\b/.exec((response ?? '').trim().slice(0, 20))?.[1];
const gold = (line: Line) => {
  if (line.task === 'mbpp') return 'code';
  for (const cell of Object.values(line.outcomes))
    if (cell.correct === 1 && letterOf(cell.response)) return letterOf(cell.response);
  return '?';
};

// Letter bias: share of each model's multiple-choice answers that are "A".
for (const model of models) {
  const answers = test
    .filter((line) => line.task !== 'mbpp')
    .map((line) => letterOf(line.outcomes[model]?.response ?? null));
  console.log(
    `${model.padEnd(36)} answers A on ${((100 * answers.filter((letter) => letter === 'A').length) / answers.length).toFixed(0)}% of MC test prompts`,
  );
}

function sweep(key: (line: Line) => string): number {
  const groups = new Map<string, Line[]>();
  for (const line of train) groups.set(key(line), [...(groups.get(key(line)) ?? []), line]);
  const stats = new Map(
    [...groups].map(([group, members]) => [
      group,
      models.map((model) => ({
        success:
          (members.reduce((sum, line) => sum + (line.outcomes[model]?.correct ?? 0), 0) + 1) /
          (members.length + 2),
        cost: members.reduce((sum, line) => sum + (line.outcomes[model]?.cost ?? 0), 0) / members.length,
      })),
    ]),
  );
  const fallback = (line: Line) =>
    stats.get(key(line)) ?? stats.get(`${line.task}|A`) ?? [...stats.values()][0]!;
  const points: CostQualityPoint[] = [0, ...Array.from({ length: 160 }, (_, step) => 10 ** (step / 20))].map(
    (lambda) => {
      let quality = 0;
      let cost = 0;
      for (const line of test) {
        const scored = fallback(line).map((stat) => stat.success - lambda * stat.cost);
        const choice = models[scored.indexOf(Math.max(...scored))]!;
        quality += line.outcomes[choice]?.correct ?? 0;
        cost += line.outcomes[choice]?.cost ?? 0;
      }
      return { cost: cost / test.length, quality: quality / test.length };
    },
  );
  const singles = models.map(
    (model) => test.reduce((sum, line) => sum + (line.outcomes[model]?.cost ?? 0), 0) / test.length,
  );
  return averageImprovedQuality(points, { minCost: Math.min(...singles), maxCost: Math.max(...singles) });
}

console.log(`task-type prior AIQ (test): ${sweep((line) => line.task).toFixed(4)}`);
console.log(
  `task × gold-letter prior AIQ (test, uses the answer — not a router): ${sweep((line) => `${line.task}|${gold(line)}`).toFixed(4)}`,
);
