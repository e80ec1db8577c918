import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { formatConfigIssues, formatPath } from '../../../config/format-config-issues.js';
import { ConclaveError } from '../../../core/conclave-error.js';
import { checkSuite } from './check-suite.js';
import type { EvaluationSuite, EvaluationTask } from './evaluation-task.js';
import { type Capability, type SuiteInput, suiteSchema } from './suite-schema.js';

const MAX_ISSUES = 20;

/**
 * Loads suites from YAML files or directories of them. Every problem is reported at once, one line each,
 * as `file: tasks[2] (id "fizzbuzz").graders[0].pattern: what is wrong`.
 */
export function loadSuites(locations: readonly string[]): EvaluationSuite[] {
  const files = locations.flatMap(expandLocation);
  const suites = files.map(loadSuiteFile);
  const seen = new Map<string, string>();
  for (const suite of suites) {
    const other = seen.get(suite.name);
    if (other)
      throw new ConclaveError(
        'bad-request',
        `Two suites are named "${suite.name}": ${other} and ${suite.file}.`,
        {
          hint: 'Give each suite a unique `name:`; task results are keyed by suite name.',
        },
      );
    seen.set(suite.name, suite.file);
  }
  return suites;
}

export function loadSuiteFile(file: string): EvaluationSuite {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConclaveError('bad-request', `Cannot read suite ${file}: ${(error as Error).message}`, {
      hint: 'Pass the path of a suite YAML file or a directory of them, e.g. suites/code-generation.yaml',
    });
  }
  const document = parseDocument(text, { prettyErrors: true });
  const syntax = document.errors[0];
  if (syntax) {
    const position = syntax.linePos?.[0];
    const where = position ? `${file}:${position.line}:${position.col}` : file;
    throw new ConclaveError(
      'bad-request',
      `Invalid YAML in suite ${where}: ${syntax.message.split('\n')[0]}`,
    );
  }
  const raw: unknown = document.toJS();
  const parsed = suiteSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const line = formatConfigIssues([issue], raw)[0] ?? issue.message;
      const plain = formatPath(issue.path) || '(top level)';
      return `${file}: ${describePath(issue.path, raw)}${line.slice(plain.length)}`;
    });
    throw invalidSuite(file, lines);
  }
  const problems = checkSuite(parsed.data);
  if (problems.length > 0)
    throw invalidSuite(
      file,
      problems.map((problem) => `${file}: ${describePath(problem.path, raw)}: ${problem.message}`),
    );
  return resolveSuite(parsed.data, file, text);
}

function resolveSuite(suite: SuiteInput, file: string, text: string): EvaluationSuite {
  const tasks = suite.tasks.map((task): EvaluationTask => {
    const requires = new Set<Capability>(task.requires);
    if (task.tools) requires.add('tools');
    if (task.responseFormat === 'json') requires.add('json');
    const asked = {
      key: `${suite.name}/${task.id}`,
      suite: suite.name,
      id: task.id,
      // checkSuite guarantees one of the two is set.
      taskType: (task.taskType ?? suite.taskType)!,
      system: task.system ?? suite.defaults.system,
      prompt: task.prompt,
      tools: task.tools,
      responseFormat: task.responseFormat,
      maxOutputTokens: task.maxOutputTokens ?? suite.defaults.maxOutputTokens,
      temperature: task.temperature ?? suite.defaults.temperature,
      requires: [...requires].sort(),
    };
    const graded = { graders: task.graders, judgeModel: suite.judge?.model };
    return { ...asked, ...graded, promptHash: hashOf(asked), gradeHash: hashOf(graded) };
  });
  return { name: suite.name, description: suite.description, file, hash: hashOf(text), tasks };
}

function expandLocation(location: string): string[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(location).isDirectory();
  } catch {
    throw new ConclaveError('bad-request', `Suite not found: ${location}`, {
      hint: 'Pass a suite YAML file or a directory of them, e.g. `conclave eval run suites/ --models a,b`.',
    });
  }
  if (!isDirectory) return [location];
  const files = readdirSync(location)
    .filter((name) => /\.ya?ml$/i.test(name))
    .sort()
    .map((name) => path.join(location, name));
  if (files.length === 0)
    throw new ConclaveError('bad-request', `No .yaml suites in the directory ${location}.`);
  return files;
}

/** tasks[2].graders[0] → tasks[2] (id "fizzbuzz").graders[0], so the reader finds the task by name. */
function describePath(issuePath: readonly PropertyKey[], raw: unknown): string {
  const text = formatPath(issuePath) || '(top level)';
  if (issuePath[0] !== 'tasks' || typeof issuePath[1] !== 'number') return text;
  const tasks = (raw as { tasks?: unknown } | null)?.tasks;
  const task = Array.isArray(tasks) ? (tasks[issuePath[1]] as { id?: unknown } | undefined) : undefined;
  if (typeof task?.id !== 'string') return text;
  const head = `tasks[${issuePath[1]}]`;
  return `${head} (id "${task.id}")${text.slice(head.length)}`;
}

function invalidSuite(file: string, lines: string[]): ConclaveError {
  const shown = lines.slice(0, MAX_ISSUES);
  if (lines.length > MAX_ISSUES) shown.push(`… and ${lines.length - MAX_ISSUES} more`);
  return new ConclaveError('bad-request', `Invalid suite ${file}:\n  ${shown.join('\n  ')}`, {
    hint: 'Fix the keys named above; the README (Evaluation battery) lists every suite key and grader.',
  });
}

function hashOf(value: unknown): string {
  return createHash('sha256')
    .update(typeof value === 'string' ? value : JSON.stringify(value))
    .digest('hex')
    .slice(0, 16);
}
