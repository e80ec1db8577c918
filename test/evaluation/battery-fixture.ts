import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSuiteFile } from '../../src/learning/evaluation/suite/load-suite.js';
import { profile, type Script, scriptedModel } from './scripted-model.js';

/** One task per grader type; each prompt carries a marker the scripted models answer to. */
export const SUITE_YAML = `name: battery
defaults: { maxOutputTokens: 20, temperature: 0 }
judge: { model: judge }
tasks:
  - id: exact
    taskType: quick
    prompt: "[EXACT] Label the sentiment: I love it."
    graders: [{ type: exact, expected: positive }]
  - id: regex
    taskType: quick
    prompt: "[REGEX] Give an HTTP status for not found."
    graders: [{ type: regex, pattern: '\\b404\\b' }]
  - id: contains
    taskType: analysis
    prompt: "[CONTAINS] Name the trade-offs."
    graders: [{ type: contains, values: [cost, latency] }]
  - id: numeric
    taskType: math
    prompt: "[NUMERIC] What is 17 * 23?"
    graders: [{ type: numeric, expected: 391 }]
  - id: json
    taskType: analysis
    responseFormat: json
    prompt: "[JSON] Give the label as JSON."
    graders:
      - type: json-schema
        schema: { type: object, required: [label], properties: { label: { enum: [pos, neg] } } }
  - id: tool
    taskType: tool-use
    prompt: "[TOOL] Check the groq provider."
    tools: [{ name: provider_status, parameters: { type: object, properties: { provider: { type: string } } } }]
    graders: [{ type: tool-call, name: provider_status, arguments: { provider: groq } }]
  - id: code-js
    taskType: code
    prompt: "[CODEJS] Write add(a, b) in JavaScript."
    graders: [{ type: code-tests, language: javascript, tests: ['assert.equal(add(2, 3), 5)'] }]
  - id: code-py
    taskType: code
    prompt: "[CODEPY] Write add(a, b) in Python."
    graders: [{ type: code-tests, language: python, tests: ['assert add(2, 3) == 5'] }]
  - id: judge
    taskType: creative
    prompt: "[JUDGE] Write a line about routers."
    graders: [{ type: judge, rubric: Evocative and on topic. }]
  - id: pairwise
    taskType: creative
    prompt: "[PAIRWISE] Write a tagline."
    graders: [{ type: pairwise, rubric: Better tagline wins., reference: A plain tagline. }]
`;

const RIGHT: Record<
  string,
  { text?: string; toolCalls?: { name: string; input: Record<string, unknown> }[] }
> = {
  EXACT: { text: 'Positive.' },
  REGEX: { text: 'That is 404.' },
  CONTAINS: { text: 'It trades cost against latency.' },
  NUMERIC: { text: '17 * 23 = 391' },
  JSON: { text: '{"label": "pos"}' },
  TOOL: { toolCalls: [{ name: 'provider_status', input: { provider: 'groq' } }] },
  CODEJS: { text: '```js\nfunction add(a, b) { return a + b; }\n```' },
  CODEPY: { text: '```python\ndef add(a, b):\n    return a + b\n```' },
  JUDGE: { text: 'GOOD: packets find their way home.' },
  PAIRWISE: { text: 'GOOD: every request, the right model.' },
};

const WRONG: Record<string, string> = {
  EXACT: 'negative',
  REGEX: 'Not sure.',
  CONTAINS: 'It is fast.',
  NUMERIC: '17 * 23 = 381',
  JSON: 'label: pos',
  TOOL: 'Groq is fine, I think.',
  CODEJS: '```js\nfunction add(a, b) { return a - b; }\n```',
  CODEPY: '```python\ndef add(a, b):\n    while True:\n        pass\n```',
  JUDGE: 'routers.',
  PAIRWISE: 'tagline.',
};

const markerOf = (prompt: string) => /\[([A-Z]+)\]/.exec(prompt)?.[1] ?? '';

/** Answers every task right (slowly enough to measure TTFT and tokens/s). */
export const rightScript: Script = (prompt) => ({ ...RIGHT[markerOf(prompt)], firstTokenMs: 15, pieceMs: 3 });
export const wrongScript: Script = (prompt) => WRONG[markerOf(prompt)] ?? 'no idea';

/** Scores answers with "GOOD" high; in pairwise prompts prefers the position holding "GOOD". */
export const judgeScript: Script = (prompt) => {
  if (prompt.includes('## Answer A')) {
    const [first = '', second = ''] = prompt.split('## Answer B');
    return first.includes('GOOD')
      ? '{"winner": "A"}'
      : second.includes('GOOD')
        ? '{"winner": "B"}'
        : '{"winner": "tie"}';
  }
  const answer = prompt.split('<answer>')[1] ?? '';
  return answer.includes('GOOD') ? '{"score": 10, "reason": "vivid"}' : '{"score": 1, "reason": "flat"}';
};

export const pricedProfile = (id: string, perMTok: number, extra: Parameters<typeof profile>[1] = {}) =>
  profile(id, { price: { inputPerMTok: perMTok, outputPerMTok: perMTok }, ...extra });

export function batteryModels() {
  return {
    smart: scriptedModel(rightScript),
    dumb: scriptedModel(wrongScript),
    notools: scriptedModel(rightScript),
    judge: scriptedModel(judgeScript),
  };
}

export function writeSuite(yaml = SUITE_YAML) {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'conclave-battery-'));
  const file = path.join(directory, 'battery.yaml');
  writeFileSync(file, yaml);
  return {
    file,
    suite: () => loadSuiteFile(file),
    rewrite: (next: string) => writeFileSync(file, next),
    cleanup: () => rmSync(directory, { recursive: true, force: true }),
  };
}
