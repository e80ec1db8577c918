import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ConclaveError } from '../../../core/conclave-error.js';

const run = promisify(execFile);
const PROBE_TIMEOUT_MS = 10_000;

export type ContainmentMode = 'namespace' | 'guard';

/** How sandboxed programs are started on this machine. */
export interface Containment {
  mode: ContainmentMode;
  /** Command prefix that puts the program in a new, empty network namespace (namespace mode). */
  namespacePrefix: string[];
  /** Command prefix that switches to the unprivileged `nobody` user (when we run as root). */
  userPrefix: string[];
  /** Address-space and file-size limits are set by `prlimit`, outside the program's control. */
  prlimit: boolean;
  /** The interpreter's real path (pyenv/asdf shims need the caller's HOME, which the sandbox replaces). */
  interpreter: string;
}

const NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'];

/**
 * Every way to start the program on this machine, strongest first: a network namespace as `nobody` (when
 * root), a network namespace inside an unprivileged user namespace, a plain network namespace, then the
 * in-process guards. The sandbox probes them in order with a real run and keeps the first that works.
 */
export async function containmentCandidates(
  language: 'javascript' | 'python',
  preference: 'auto' | 'namespace' | 'guard',
  python: string,
): Promise<Containment[]> {
  const interpreter = language === 'javascript' ? process.execPath : await resolvePython(python);
  const prlimitOptions = (await installed('prlimit')) ? [true, false] : [false];
  const candidates: Containment[] = [];
  const add = (mode: ContainmentMode, namespacePrefix: string[], userPrefix: string[]) => {
    for (const prlimit of prlimitOptions)
      candidates.push({ mode, namespacePrefix, userPrefix, prlimit, interpreter });
  };
  if (preference !== 'guard' && (await installed('unshare'))) {
    if (process.getuid?.() === 0 && (await installed('setpriv')))
      add('namespace', ['unshare', '--net', '--'], NOBODY);
    add('namespace', ['unshare', '--net', '--map-root-user', '--'], []);
    add('namespace', ['unshare', '--net', '--'], []);
  }
  if (preference !== 'namespace') add('guard', [], []);
  return candidates;
}

export function noNamespaceError(): ConclaveError {
  return new ConclaveError(
    'config',
    'evaluation.sandbox.containment is "namespace", but no network namespace can be created here (`unshare --net` failed).',
    {
      hint: 'Install util-linux and allow user namespaces (sysctl kernel.unprivileged_userns_clone=1), or set evaluation.sandbox.containment to auto or guard.',
    },
  );
}

async function resolvePython(python: string): Promise<string> {
  try {
    const { stdout } = await run(python, ['-c', 'import sys; print(sys.executable)'], {
      timeout: PROBE_TIMEOUT_MS,
    });
    const executable = stdout.trim();
    if (executable) return executable;
  } catch {
    // Reported below with the fix.
  }
  throw new ConclaveError(
    'config',
    `Python code tests need a Python 3 interpreter, but "${python}" did not run.`,
    {
      hint: 'Install python3, or set evaluation.sandbox.python to its path in conclave.yaml.',
    },
  );
}

async function installed(command: string): Promise<boolean> {
  try {
    await run(command, ['--version'], { timeout: PROBE_TIMEOUT_MS });
    return true;
  } catch {
    return false;
  }
}
