/**
 * Decision latency (not a test): `engine.route()` — classification, token sizing, constraints, evidence,
 * objective, explanation — on one core, with 40+ available catalog models.
 *
 *   npx tsx bench/router/decision-latency.ts [decisions=5000] [data=../shared/data/routing/routerbench_subset.jsonl]
 */
import { existsSync, readFileSync } from 'node:fs';
import { createEngine } from '../../src/engine.js';

const decisions = Number(process.argv[2] ?? 5_000);
const dataFile = process.argv[3] ?? '../shared/data/routing/routerbench_subset.jsonl';
// Keys (never used: route() calls no model) make the cloud catalog available, as on a fully configured host.
const environment = Object.fromEntries(
  [
    'OPENAI_API_KEY',
    'ANTHROPIC_API_KEY',
    'GEMINI_API_KEY',
    'GROQ_API_KEY',
    'DEEPINFRA_API_KEY',
    'TOGETHER_API_KEY',
    'MISTRAL_API_KEY',
    'HF_TOKEN',
    'DEEPSEEK_API_KEY',
    'COHERE_API_KEY',
    'AI21_API_KEY',
    'CEREBRAS_API_KEY',
  ].map((name) => [name, 'bench']),
);
const engine = await createEngine({
  config: (await import('../../src/config/config-schema.js')).configSchema.parse({
    privacy: { allowExternal: true },
    local: { demoModel: false },
    discovery: { ollama: false, localServers: false },
  }),
  discover: false,
  storeFile: ':memory:',
  environment: { ...environment, CONCLAVE_HOME: '/tmp/conclave-decision-bench' },
});
const available = engine
  .catalog()
  .filter((profile) => profile.available && !profile.supports.embeddings).length;
const prompts = existsSync(dataFile)
  ? readFileSync(dataFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .slice(0, 500)
      .map((line) => (JSON.parse(line) as { prompt: string }).prompt)
  : [
      'Debug this Python function',
      'Write a haiku about rain',
      'Solve 3x + 2 = 11',
      'Compare Rust and Go for CLIs',
    ];
const requestFor = (text: string) => ({
  prompt: [{ role: 'user' as const, content: [{ type: 'text' as const, text }] }],
  options: {},
});
for (let index = 0; index < 500; index += 1) engine.route(requestFor(prompts[index % prompts.length]!));
const times: number[] = [];
for (let index = 0; index < decisions; index += 1) {
  const request = requestFor(prompts[index % prompts.length]!);
  const started = process.hrtime.bigint();
  engine.route(request);
  times.push(Number(process.hrtime.bigint() - started) / 1e6);
}
times.sort((left, right) => left - right);
const at = (fraction: number) =>
  times[Math.min(times.length - 1, Math.floor(times.length * fraction))]!.toFixed(3);
const averageChars = Math.round(prompts.reduce((sum, prompt) => sum + prompt.length, 0) / prompts.length);
process.stdout.write(
  `decision latency over ${decisions} decisions, ${available} available chat models, prompts averaging ${averageChars} chars: p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, p99 ${at(0.99)} ms, max ${times.at(-1)!.toFixed(3)} ms\n`,
);
await engine.close();
