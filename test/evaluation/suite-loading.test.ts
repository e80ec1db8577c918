import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConclaveError } from '../../src/core/conclave-error.js';
import { loadSuiteFile, loadSuites } from '../../src/learning/evaluation/suite/load-suite.js';

const SUITES = path.resolve(import.meta.dirname, '../../suites');
const directory = mkdtempSync(path.join(os.tmpdir(), 'conclave-suites-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function write(name: string, yaml: string): string {
  const file = path.join(directory, name);
  writeFileSync(file, yaml);
  return file;
}

function errorOf(run: () => unknown): ConclaveError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConclaveError) return error;
    throw error;
  }
  throw new Error('expected a ConclaveError');
}

const valid = `name: demo
taskType: code
tasks:
  - id: add
    prompt: Write add(a, b).
    graders:
      - type: code-tests
        language: javascript
        tests: ['assert.equal(add(1, 2), 3)']
`;

describe('suite loading', () => {
  it('the five starter suites load, with task types from the router and capabilities derived', () => {
    const suites = loadSuites([SUITES]);
    expect(suites.map((suite) => suite.name).sort()).toEqual([
      'analysis',
      'code-generation',
      'creative-writing',
      'fast-classification',
      'math-reasoning',
    ]);
    const tasks = suites.flatMap((suite) => suite.tasks);
    expect(new Set(tasks.map((task) => task.taskType))).toEqual(
      new Set(['code', 'math', 'creative', 'analysis', 'quick', 'tool-use']),
    );
    expect(tasks.find((task) => task.key === 'fast-classification/route-to-tool')?.requires).toEqual([
      'tools',
    ]);
    expect(tasks.find((task) => task.key === 'analysis/extract-incident')?.requires).toEqual(['json']);
    const graderTypes = new Set(tasks.flatMap((task) => task.graders.map((grader) => grader.type)));
    expect([...graderTypes].sort()).toEqual([
      'code-tests',
      'contains',
      'exact',
      'json-schema',
      'judge',
      'numeric',
      'pairwise',
      'regex',
      'tool-call',
    ]);
  });

  it('suite defaults apply to tasks, and hashes separate what is asked from how it is graded', () => {
    const first = loadSuiteFile(write('hash-a.yaml', valid)).tasks[0]!;
    const regraded = loadSuiteFile(write('hash-b.yaml', valid.replace('add(1, 2), 3', 'add(2, 2), 4')))
      .tasks[0]!;
    const reworded = loadSuiteFile(write('hash-c.yaml', valid.replace('Write add', 'Please write add')))
      .tasks[0]!;
    expect(first.key).toBe('demo/add');
    expect(first.taskType).toBe('code');
    expect(regraded.promptHash).toBe(first.promptHash);
    expect(regraded.gradeHash).not.toBe(first.gradeHash);
    expect(reworded.promptHash).not.toBe(first.promptHash);
  });

  it.each([
    [
      'an unknown grader type',
      valid.replace('type: code-tests', 'type: fuzzy'),
      /tasks\[0\] \(id "add"\)\.graders\[0\]\.type: .*fuzzy/,
    ],
    [
      'an invalid regular expression',
      valid.replace(
        "      - type: code-tests\n        language: javascript\n        tests: ['assert.equal(add(1, 2), 3)']",
        "      - { type: regex, pattern: '(unclosed' }",
      ),
      /tasks\[0\] \(id "add"\)\.graders\[0\]\.pattern: invalid regular expression/,
    ],
    [
      'a missing prompt',
      valid.replace('    prompt: Write add(a, b).\n', ''),
      /tasks\[0\] \(id "add"\)\.prompt: missing; expected a string/,
    ],
    [
      'an unknown key (with a camelCase hint)',
      valid.replace('    prompt:', '    max_output_tokens: 5\n    prompt:'),
      /tasks\[0\] \(id "add"\): unknown key "max_output_tokens" \(did you mean "maxOutputTokens"\?\)/,
    ],
    [
      'an unsupported language',
      valid.replace('language: javascript', 'language: ruby'),
      /graders\[0\]\.language: expected one of "javascript", "python", found "ruby"/,
    ],
    [
      'a JSON Schema the validator cannot take',
      valid.replace(
        "      - type: code-tests\n        language: javascript\n        tests: ['assert.equal(add(1, 2), 3)']",
        '      - { type: json-schema, schema: { if: { type: string }, then: { minLength: 2 } } }',
      ),
      /graders\[0\]\.schema: unsupported or invalid JSON Schema: Conditional schemas/,
    ],
    [
      'a tool-call grader for a tool the task does not offer',
      valid.replace(
        "      - type: code-tests\n        language: javascript\n        tests: ['assert.equal(add(1, 2), 3)']",
        '      - { type: tool-call, name: search }',
      ),
      /graders\[0\]\.name: the task offers no tool named "search"/,
    ],
    [
      'a task without a task type',
      valid.replace('taskType: code\n', ''),
      /tasks\[0\] \(id "add"\)\.taskType: missing; set taskType on the task or on the suite/,
    ],
    [
      'a task type the router does not know',
      valid.replace('taskType: code', 'taskType: poetry'),
      /taskType: expected one of "quick", .*found "poetry"/,
    ],
    [
      'duplicate task ids',
      valid + valid.split('tasks:\n')[1],
      /tasks\[1\] \(id "add"\)\.id: duplicate task id "add" \(also tasks\[0\]\)/,
    ],
  ])('rejects %s with file, task id and key path', (_name, yaml, expected) => {
    const file = write('bad.yaml', yaml);
    const error = errorOf(() => loadSuiteFile(file));
    expect(error.kind).toBe('bad-request');
    expect(error.message).toContain(`Invalid suite ${file}:`);
    expect(error.message).toContain(`\n  ${file}: `);
    expect(error.message).toMatch(expected);
  });

  it('reports a YAML syntax error with its line and column', () => {
    const file = write('syntax.yaml', 'name: demo\ntasks:\n  - id: [unclosed\n');
    expect(errorOf(() => loadSuiteFile(file)).message).toMatch(
      new RegExp(`Invalid YAML in suite ${file}:\\d+:\\d+: `),
    );
  });

  it('lists every problem at once', () => {
    const file = write(
      'many.yaml',
      'name: demo\ntasks:\n  - id: a\n    prompt: x\n    graders: []\n  - id: b\n    graders: [{ type: exact }]\n',
    );
    const lines = errorOf(() => loadSuiteFile(file)).message.split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.some((line) => line.includes('tasks[0] (id "a").graders: expected at least 1 items'))).toBe(
      true,
    );
    expect(lines.some((line) => line.includes('tasks[1] (id "b").prompt: missing'))).toBe(true);
    expect(lines.some((line) => line.includes('tasks[1] (id "b").graders[0].expected: missing'))).toBe(true);
  });

  it('a missing suite file and an empty directory say what to pass', () => {
    expect(errorOf(() => loadSuites([path.join(directory, 'nope.yaml')])).message).toMatch(/Suite not found/);
    const empty = mkdtempSync(path.join(directory, 'empty-'));
    expect(errorOf(() => loadSuites([empty])).message).toMatch(/No \.yaml suites/);
  });
});
