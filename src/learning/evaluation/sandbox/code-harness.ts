import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { SandboxLanguage } from './create-sandbox.js';
import { PYTHON_NETWORK_GUARD } from './network-guards.js';

export interface CodeTest {
  name: string;
  code: string;
}

export interface Harness {
  files: Record<string, string>;
  entry: string;
  /** Prefix of the one stdout line that carries the results; random, so program output cannot mimic it. */
  marker: string;
}

export interface HarnessOptions {
  language: SandboxLanguage;
  solution: string;
  tests: readonly CodeTest[];
  /** Python has no namespace-independent network switch: the guard is inlined in guard mode. */
  networkGuard: boolean;
  memoryMb: number;
}

/**
 * Wraps the candidate's code and the suite's tests in a small runner that executes every test, catches
 * its failure, and prints one JSON results line. JavaScript: the solution and runner share one file
 * (Node detects CommonJS or ES module syntax); tests get `assert` (node:assert/strict) and may `await`.
 * Python: the solution is imported as a module (so `if __name__ == "__main__":` blocks do not run), and
 * tests are plain statements using `assert`.
 */
export function buildHarness(options: HarnessOptions): Harness {
  const marker = `__CONCLAVE_RESULTS_${randomBytes(8).toString('hex')}__`;
  return options.language === 'javascript'
    ? { files: { 'main.js': javascriptHarness(options, marker) }, entry: 'main.js', marker }
    : {
        files: { 'solution.py': options.solution, 'conclave_harness.py': pythonHarness(options, marker) },
        entry: 'conclave_harness.py',
        marker,
      };
}

function javascriptHarness({ solution, tests }: HarnessOptions, marker: string): string {
  const cases = tests
    .map((test) => `    [${JSON.stringify(test.name)}, async (assert) => {\n${test.code}\n    }],`)
    .join('\n');
  return `${solution}
;(async () => {
  const __conclaveAssert = process.getBuiltinModule('node:assert/strict');
  const __conclaveResults = [];
  const __conclaveTests = [
${cases}
  ];
  for (const [name, run] of __conclaveTests) {
    try {
      await run(__conclaveAssert);
      __conclaveResults.push({ name, ok: true });
    } catch (error) {
      const message = error && typeof error === 'object' && 'message' in error ? error.message : String(error);
      const cause = error && typeof error === 'object' && error.cause ? error.cause.code || error.cause.message : '';
      const text = String(message).replace(/\\s+/g, ' ') + (cause ? ' (' + cause + ')' : '');
      __conclaveResults.push({ name, ok: false, message: text.slice(0, 500) });
    }
  }
  process.stdout.write('\\n' + ${JSON.stringify(marker)} + JSON.stringify(__conclaveResults) + '\\n');
  process.exit(0);
})();
`;
}

function pythonHarness({ tests, networkGuard, memoryMb }: HarnessOptions, marker: string): string {
  const functions = tests
    .map(
      (test, index) =>
        `def __conclave_test_${index}():\n${indent(test.code)}\n__conclave_tests.append((${JSON.stringify(test.name)}, __conclave_test_${index}, ${JSON.stringify(firstLine(test.code))}))`,
    )
    .join('\n');
  return `import json as __conclave_json, os as __conclave_os, sys as __conclave_sys
try:
    import resource as __conclave_resource
    __conclave_limit = ${memoryMb} * 1024 * 1024
    __conclave_resource.setrlimit(__conclave_resource.RLIMIT_AS, (__conclave_limit, __conclave_limit))
except (ImportError, ValueError, OSError):
    pass
__conclave_sys.path.insert(0, __conclave_os.path.dirname(__conclave_os.path.abspath(__file__)))
${networkGuard ? PYTHON_NETWORK_GUARD : ''}
def __conclave_report(payload):
    __conclave_sys.stdout.write("\\n" + ${JSON.stringify(marker)} + __conclave_json.dumps(payload) + "\\n")
    __conclave_sys.stdout.flush()
    __conclave_os._exit(0)
try:
    import solution as __conclave_solution
except BaseException as error:
    __conclave_report({"loadError": type(error).__name__ + ": " + str(error)[:500]})
globals().update({k: v for k, v in vars(__conclave_solution).items() if not k.startswith("__")})
__conclave_tests = []
${functions}
__conclave_results = []
for __conclave_name, __conclave_run, __conclave_source in __conclave_tests:
    try:
        __conclave_run()
        __conclave_results.append({"name": __conclave_name, "ok": True})
    except BaseException as error:
        __conclave_message = type(error).__name__ + ": " + (str(error) or __conclave_source)
        __conclave_results.append({"name": __conclave_name, "ok": False, "message": __conclave_message[:500]})
__conclave_report(__conclave_results)
`;
}

function firstLine(code: string): string {
  return code.trim().split('\n')[0]?.slice(0, 200) ?? '';
}

function indent(code: string): string {
  return code
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

const resultsSchema = z.union([
  z.array(z.object({ name: z.string(), ok: z.boolean(), message: z.string().optional() })),
  z.object({ loadError: z.string() }),
]);

export type HarnessResults = z.infer<typeof resultsSchema>;

/** The results line, or undefined when the program died before printing it. */
export function readHarnessResults(stdout: string, marker: string): HarnessResults | undefined {
  const line = stdout
    .split('\n')
    .reverse()
    .find((candidate) => candidate.startsWith(marker));
  if (!line) return undefined;
  try {
    const parsed = resultsSchema.safeParse(JSON.parse(line.slice(marker.length)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
