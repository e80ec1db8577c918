import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config-schema.js';
import { EXPORT_FORMATS, type ExportFormat } from '../../src/config/sections/learning.js';
import { DATASET_FORMATS } from '../../src/learning/export/dataset-formats.js';
import { exportDataset, validationPath } from '../../src/learning/export/export-dataset.js';
import { isValidation } from '../../src/learning/export/split-dataset.js';
import { createTrainingStore } from '../../src/learning/training-store.js';
import { openDatabase } from '../../src/store/open-database.js';
import { createTempHome } from '../helpers/temp-home.js';

const learning = configSchema.parse({ learning: { export: { validationFraction: 0.25 } } }).learning;
const home = createTempHome('conclave-export-');
afterAll(() => home.cleanup());

const SECRET = 'sk-proj-Abcdefghijklmnopqrstuvwxyz0123456789ABCD';

function seeded() {
  const database = openDatabase(':memory:');
  const training = createTrainingStore(database);
  const base = { sourceKind: 'ensemble' as const, models: ['m1', 'm2'], modelsAgreed: true };
  training.collect({
    ...base,
    sourceId: 'r1',
    taskType: 'general',
    base: 0.9,
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello! How can I help?' },
      { role: 'user', content: 'What is DNS?' },
    ],
    response: 'The internet phone book.',
  });
  training.collect({
    ...base,
    sourceId: 'r2',
    taskType: 'tool-use',
    base: 0.85,
    messages: [
      { role: 'user', content: 'Weather in Paris?' },
      {
        role: 'assistant',
        content: '',
        toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
      },
      { role: 'tool', toolCallId: 'call_1', content: '{"temp":18}' },
    ],
    response: 'It is 18°C in Paris.',
    tools: [
      {
        type: 'function',
        name: 'get_weather',
        description: 'Weather by city',
        inputSchema: { type: 'object', properties: { city: { type: 'string' } } },
      },
    ],
  });
  // A secret that slipped into the store (written before a scanner update): scrubbed on the way out.
  database
    .prepare(
      `INSERT INTO training_examples (id, created_at, source_kind, source_id, task_type, messages_json, response, quality, models_json, models_agreed, content_hash)
       VALUES ('legacy', 1, 'chat', 'r3', 'code', ?, ?, 0.95, '["m1"]', 0, 'x')`,
    )
    .run(
      JSON.stringify([{ role: 'user', content: `Why does my key ${SECRET} fail?` }]),
      `Rotate ${SECRET} now.`,
    );
  for (let index = 0; index < 12; index += 1)
    training.collect({
      ...base,
      sourceId: `c${index}`,
      taskType: 'code',
      base: 0.75 + (index % 3) * 0.05,
      messages: [{ role: 'user', content: `Write function number ${index}` }],
      response: `def f${index}(): pass`,
    });
  // Same prompt and answer as c0 (different whitespace and case): a duplicate.
  training.collect({
    ...base,
    sourceId: 'dup',
    taskType: 'code',
    base: 0.7,
    messages: [{ role: 'user', content: '  write FUNCTION number 0 ' }],
    response: 'def f0():  pass',
  });
  training.addPreferencePair({
    sourceKind: 'council',
    sourceId: 'p1',
    taskType: 'analysis',
    messages: [{ role: 'user', content: 'Compare Rust and Go' }],
    chosen: 'Rust: memory safety without GC; Go: simplicity.',
    rejected: 'They are the same.',
    chosenModel: 'm1',
    rejectedModel: 'm2',
    margin: 2,
  });
  training.addPreferencePair({
    sourceKind: 'feedback',
    sourceId: 'p2',
    taskType: 'general',
    messages: [
      { role: 'system', content: 'Answer in French.' },
      { role: 'user', content: 'Capital of Italy?' },
    ],
    chosen: 'Rome.',
    rejected: `Milan, key ${SECRET}`,
  });
  return database;
}

function readJsonl(file: string): unknown[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as unknown);
}

describe('export: every format, validated line by line', () => {
  it.each(EXPORT_FORMATS.map((format) => [format]))(
    '%s: every written line round-trips through its schema',
    (format) => {
      const output = path.join(home.path, `${format}.jsonl`);
      const summary = exportDataset(seeded(), learning, { format: format as ExportFormat, output });
      const records = [
        ...readJsonl(output),
        ...(summary.validationFile ? readJsonl(summary.validationFile) : []),
      ];
      expect(records.length).toBe(summary.train + summary.validation);
      expect(records.length).toBeGreaterThan(0);
      for (const record of records)
        expect(DATASET_FORMATS[format as ExportFormat].schema.safeParse(record).success).toBe(true);
      const text = JSON.stringify(records);
      expect(text).not.toContain(SECRET);
      if (DATASET_FORMATS[format as ExportFormat].source === 'examples') {
        expect(summary.duplicates).toBe(1);
        expect(text).toContain('[REDACTED');
      }
    },
  );

  it('openai-chat: messages + tools, earlier answers weight 0, the collected answer weight 1', () => {
    const output = path.join(home.path, 'chat-detail.jsonl');
    exportDataset(seeded(), learning, {
      format: 'openai-chat',
      output,
      tasks: ['general', 'tool-use'],
      validationFraction: 0,
    });
    const records = readJsonl(output) as Record<string, unknown>[];
    expect(records[0]).toEqual({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello! How can I help?', weight: 0 },
        { role: 'user', content: 'What is DNS?' },
        { role: 'assistant', content: 'The internet phone book.', weight: 1 },
      ],
    });
    expect(records[1]).toEqual({
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
          weight: 0,
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temp":18}' },
        { role: 'assistant', content: 'It is 18°C in Paris.', weight: 1 },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Weather by city',
            parameters: { type: 'object', properties: { city: { type: 'string' } } },
          },
        },
      ],
    });
  });

  it('openai-preference and trl-dpo: built from preference pairs', () => {
    const database = seeded();
    const preference = path.join(home.path, 'pref.jsonl');
    exportDataset(database, learning, {
      format: 'openai-preference',
      output: preference,
      tasks: ['analysis'],
    });
    expect(readJsonl(preference)).toEqual([
      {
        input: { messages: [{ role: 'user', content: 'Compare Rust and Go' }] },
        preferred_output: [{ role: 'assistant', content: 'Rust: memory safety without GC; Go: simplicity.' }],
        non_preferred_output: [{ role: 'assistant', content: 'They are the same.' }],
      },
    ]);
    const dpo = path.join(home.path, 'dpo.jsonl');
    exportDataset(database, learning, {
      format: 'trl-dpo',
      output: dpo,
      tasks: ['general'],
      validationFraction: 0,
    });
    expect(readJsonl(dpo)).toEqual([
      {
        prompt: [
          { role: 'system', content: 'Answer in French.' },
          { role: 'user', content: 'Capital of Italy?' },
        ],
        chosen: [{ role: 'assistant', content: 'Rome.' }],
        rejected: [{ role: 'assistant', content: 'Milan, key [REDACTED OpenAI API key]' }],
      },
    ]);
  });

  it('trl-sft, trl-sft-prompt-completion, sharegpt and alpaca records', () => {
    const database = seeded();
    const one = (format: ExportFormat, tasks = ['general']) => {
      const output = path.join(home.path, `one-${format}.jsonl`);
      const summary = exportDataset(database, learning, { format, output, tasks, validationFraction: 0 });
      return { records: readJsonl(output), summary };
    };
    expect(one('trl-sft').records[0]).toEqual({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello! How can I help?' },
        { role: 'user', content: 'What is DNS?' },
        { role: 'assistant', content: 'The internet phone book.' },
      ],
    });
    expect(one('trl-sft-prompt-completion').records[0]).toMatchObject({
      prompt: [
        { role: 'system' },
        { role: 'user' },
        { role: 'assistant' },
        { role: 'user', content: 'What is DNS?' },
      ],
      completion: [{ role: 'assistant', content: 'The internet phone book.' }],
    });
    expect(one('sharegpt').records[0]).toEqual({
      system: 'Be brief.',
      conversations: [
        { from: 'human', value: 'Hi' },
        { from: 'gpt', value: 'Hello! How can I help?' },
        { from: 'human', value: 'What is DNS?' },
        { from: 'gpt', value: 'The internet phone book.' },
      ],
    });
    expect(one('sharegpt', ['tool-use']).records[0]).toMatchObject({
      conversations: [
        { from: 'human', value: 'Weather in Paris?' },
        { from: 'function_call', value: '{"name":"get_weather","arguments":{"city":"Paris"}}' },
        { from: 'observation', value: '{"temp":18}' },
        { from: 'gpt', value: 'It is 18°C in Paris.' },
      ],
    });
    expect(one('alpaca').records[0]).toEqual({
      instruction: 'What is DNS?',
      input: '',
      output: 'The internet phone book.',
      system: 'Be brief.',
      history: [['Hi', 'Hello! How can I help?']],
    });
    // A tool conversation cannot be Alpaca: counted and skipped, never written.
    const tools = one('alpaca', ['tool-use']);
    expect(tools.summary).toMatchObject({ train: 0, invalid: 1 });
    expect(tools.summary.invalidReasons[0]).toMatch(/Alpaca cannot express tool turns/);
    expect(tools.records).toEqual([]);
  });

  it('min-quality and task filters; best first; limit', () => {
    const output = path.join(home.path, 'filtered.jsonl');
    const summary = exportDataset(seeded(), learning, {
      format: 'conclave',
      output,
      minQuality: 0.9,
      tasks: ['code'],
      validationFraction: 0,
    });
    const records = readJsonl(output) as { quality_score: number; task_type: string }[];
    expect(records.every((record) => record.quality_score >= 0.9 && record.task_type === 'code')).toBe(true);
    expect(records.map((record) => record.quality_score)).toEqual(
      [...records.map((record) => record.quality_score)].sort((a, b) => b - a),
    );
    expect(summary.train).toBe(records.length);
    expect(records.length).toBe(1 + 8); // the legacy 0.95 example, 4 code examples at 0.9 and 4 at 0.95
    exportDataset(seeded(), learning, { format: 'conclave', output, limit: 2, validationFraction: 0 });
    expect(readJsonl(output)).toHaveLength(2);
  });

  it('the train/validation split is deterministic: same seed, same files; records never change side', () => {
    const first = path.join(home.path, 'split-a.jsonl');
    const second = path.join(home.path, 'split-b.jsonl');
    const a = exportDataset(seeded(), learning, { format: 'trl-sft', output: first, seed: 's1' });
    exportDataset(seeded(), learning, { format: 'trl-sft', output: second, seed: 's1' });
    expect(readFileSync(second, 'utf8')).toBe(readFileSync(first, 'utf8'));
    expect(readFileSync(validationPath(second), 'utf8')).toBe(readFileSync(validationPath(first), 'utf8'));
    expect(a.validation).toBeGreaterThan(0);
    expect(a.train).toBeGreaterThan(a.validation);
    const keys = Array.from({ length: 2_000 }, (_, index) => `key-${index}`);
    const share = keys.filter((key) => isValidation(key, 'seed', 0.1)).length / keys.length;
    expect(share).toBeGreaterThan(0.08);
    expect(share).toBeLessThan(0.12);
    expect(keys.filter((key) => isValidation(key, 'seed', 0.1))).toEqual(
      keys.filter((key) => isValidation(key, 'seed', 0.1)),
    );
  });

  it('nothing to export is a clear error', () => {
    expect(() =>
      exportDataset(openDatabase(':memory:'), learning, {
        format: 'openai-chat',
        output: path.join(home.path, 'none.jsonl'),
      }),
    ).toThrow(/No training examples with quality ≥ 0.7 to export as openai-chat/);
  });
});
