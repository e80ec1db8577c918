import { ConclaveError } from '../../../core/conclave-error.js';
import { buildHarness, readHarnessResults } from '../sandbox/code-harness.js';
import type { SandboxResult } from '../sandbox/create-sandbox.js';
import type { Grader } from '../suite/suite-schema.js';
import { extractCode } from './extract-code.js';
import { type GradeContext, type GradeResult, GradingError } from './grade-types.js';

type CodeTestsGrader = Extract<Grader, { type: 'code-tests' }>;

/** Runs the suite's tests against the answer's code in the sandbox; score = share of tests passed. */
export async function gradeCodeTests(grader: CodeTestsGrader, context: GradeContext): Promise<GradeResult> {
  const tests = grader.tests.map((test, index) =>
    typeof test === 'string' ? { name: `test ${index + 1}`, code: test } : test,
  );
  const timeoutMs = grader.timeoutMs ?? context.sandboxDefaults.timeoutMs;
  const memoryMb = grader.memoryMb ?? context.sandboxDefaults.memoryMb;
  let containment: Awaited<ReturnType<GradeContext['sandbox']['containment']>>;
  try {
    containment = await context.sandbox.containment(grader.language);
  } catch (error) {
    throw new GradingError(error instanceof ConclaveError ? error.message : String(error), { cause: error });
  }
  const harness = buildHarness({
    language: grader.language,
    solution: extractCode(context.answer.text, grader.language),
    tests,
    networkGuard: containment.mode === 'guard',
    memoryMb,
  });
  const outcome = await context.sandbox.run({
    language: grader.language,
    files: harness.files,
    entry: harness.entry,
    timeoutMs,
    memoryMb,
  });
  const result = (score: number, detail: string): GradeResult => ({
    grader: 'code-tests',
    score,
    weight: grader.weight,
    detail: `${detail} [${grader.language}, ${outcome.containment} sandbox, ${outcome.durationMs} ms]`,
    costUsd: 0,
  });
  if (outcome.signal?.startsWith('spawn failed'))
    throw new GradingError(`the ${grader.language} sandbox could not start: ${outcome.signal}`);
  const results = readHarnessResults(outcome.stdout, harness.marker);
  if (!results) return result(0, `0/${tests.length} tests passed: ${whyNoResults(outcome, timeoutMs)}`);
  if ('loadError' in results)
    return result(0, `0/${tests.length} tests passed: the solution failed to load (${results.loadError})`);
  const failed = results.filter((entry) => !entry.ok);
  const passed = results.length - failed.length;
  const failures = failed
    .slice(0, 3)
    .map((entry) => `${entry.name}: ${entry.message ?? 'failed'}`)
    .join('; ');
  return result(
    passed / tests.length,
    `${passed}/${tests.length} tests passed${failures ? `; failed ${failures}` : ''}`,
  );
}

function whyNoResults(outcome: SandboxResult, timeoutMs: number): string {
  if (outcome.timedOut) return `killed after ${timeoutMs} ms (time limit)`;
  const stderr = outcome.stderr.trim();
  if (/heap out of memory|MemoryError|Cannot allocate memory|std::bad_alloc/i.test(stderr))
    return 'killed: memory limit exceeded';
  const lastLine =
    stderr
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .find((line) => /Error|Exception/.test(line)) ?? stderr.split('\n').pop();
  const how = outcome.signal ? `signal ${outcome.signal}` : `exit code ${outcome.exitCode}`;
  return `the program ended (${how}) before the tests ran${lastLine ? `: ${lastLine.slice(0, 300)}` : ''}`;
}
