// Scratch: single-feature APGR on the TRAIN half of GSM8K/MMLU (feature discovery without touching test).

import {
  extractMathWordFeatures,
  MATH_WORD_FEATURE_NAMES,
} from '../../src/routing/learned/math-word-features.js';
import { extractShapeFeatures, SHAPE_FEATURE_NAMES } from '../../src/routing/learned/shape-features.js';
import { twoModelMetrics } from '../../src/routing/learned/two-model-metrics.js';
import { splitOutcomeDataset } from '../../src/routing/offline/dataset-split.js';
import { loadOutcomeDataset } from '../../src/routing/offline/outcome-dataset.js';

const split = splitOutcomeDataset(
  await loadOutcomeDataset('/work/shared/data/routing/routellm_gpt4_vs_mixtral.jsonl'),
);
const strong = split.models.indexOf('gpt-4-1106-preview');
const weak = 1 - strong;
const numbers = (p: string) => p.match(/\d[\d,]*(\.\d+)?/g) ?? [];
const feats: Record<string, (p: string) => number> = {
  chars: (p) => p.length,
  words: (p) => p.split(/\s+/).length,
  numbers: (p) => numbers(p).length,
  distinctNumbers: (p) => new Set(numbers(p)).size,
  sentences: (p) => p.split(/[.?!]\s/).length,
  percent: (p) => (/%|percent/.test(p) ? 1 : 0),
  fraction: (p) => (/\d\/\d|half|third|quarter/.test(p) ? 1 : 0),
  decimal: (p) => (/\d\.\d/.test(p) ? 1 : 0),
  money: (p) => (/\$/.test(p) ? 1 : 0),
  maxNumber: (p) => Math.max(0, ...numbers(p).map((n) => Number(n.replace(/,/g, '')))),
  numberWords: (p) =>
    (p.match(/\b(one|two|three|four|five|six|seven|eight|nine|ten|twice|double|triple|dozen)\b/gi) ?? [])
      .length,
  optionLength: (p) => p.length - (p.indexOf('\nA.') >= 0 ? p.indexOf('\nA.') : p.length),
};
// The router's own shape and maths word-problem features (focused question), scored the same way.
SHAPE_FEATURE_NAMES.forEach((name, index) => {
  feats[`shape:${name}`] = (p) => extractShapeFeatures(p)[index] as number;
});
MATH_WORD_FEATURE_NAMES.forEach((name, index) => {
  feats[`math:${name}`] = (p) => extractMathWordFeatures(p)[index] as number;
});
for (const task of ['gsm8k', 'mmlu']) {
  const rows = split.train.filter((r) => r.task === task);
  for (const [name, f] of Object.entries(feats)) {
    const m = twoModelMetrics(
      rows.map((r) => ({
        score: f(r.prompt),
        strongQuality: r.quality[strong]!,
        weakQuality: r.quality[weak]!,
      })),
    );
    console.log(task, name.padEnd(34), m.apgr.toFixed(3));
  }
}
