import { spawn } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type Containment,
  type ContainmentMode,
  containmentCandidates,
  noNamespaceError,
} from './detect-containment.js';
import { NODE_NETWORK_GUARD } from './network-guards.js';

export type SandboxLanguage = 'javascript' | 'python';

export interface SandboxRequest {
  language: SandboxLanguage;
  /** File name → contents, written into a fresh temporary directory. */
  files: Record<string, string>;
  entry: string;
  timeoutMs: number;
  memoryMb: number;
}

export interface SandboxResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
  containment: ContainmentMode;
}

export interface SandboxOptions {
  containment?: 'auto' | 'namespace' | 'guard';
  python?: string;
}

export type Sandbox = ReturnType<typeof createSandbox>;

const PROBE: Record<SandboxLanguage, { entry: string; code: string }> = {
  javascript: { entry: 'probe.js', code: "process.stdout.write('conclave-probe-ok');" },
  python: { entry: 'probe.py', code: "import json, socket\nprint('conclave-probe-ok')" },
};
const STDOUT_HEAD = 256 * 1024;
const STDERR_HEAD = 64 * 1024;
const TAIL = 64 * 1024;
const MAX_FILE_BYTES = 16 * 1024 * 1024;
/** V8 reserves address space up front; its heap is capped separately by --max-old-space-size. */
const NODE_ADDRESS_SPACE_HEADROOM_MB = 2048;

/**
 * Runs untrusted code in a separate process: a temporary directory that is removed afterwards, an
 * environment without the caller's variables (no API keys), a wall-clock limit enforced with SIGKILL on the
 * whole process group, memory and file-size limits, and no network (namespace, or in-process guards).
 */
export function createSandbox(options: SandboxOptions = {}) {
  const preference = options.containment ?? 'auto';
  const detected = new Map<SandboxLanguage, Promise<Containment>>();
  /** The first candidate that really runs a probe program here, found once per language. */
  const containmentFor = (language: SandboxLanguage): Promise<Containment> => {
    let found = detected.get(language);
    if (!found) {
      found = (async () => {
        for (const candidate of await containmentCandidates(
          language,
          preference,
          options.python ?? 'python3',
        )) {
          const probe = await runWith(candidate, {
            language,
            files: { [PROBE[language].entry]: PROBE[language].code },
            entry: PROBE[language].entry,
            timeoutMs: 15_000,
            memoryMb: 128,
          });
          if (probe.exitCode === 0 && probe.stdout.includes('conclave-probe-ok')) return candidate;
        }
        throw noNamespaceError();
      })();
      detected.set(language, found);
      found.catch(() => detected.delete(language));
    }
    return found;
  };

  async function run(request: SandboxRequest): Promise<SandboxResult> {
    return runWith(await containmentFor(request.language), request);
  }

  async function runWith(containment: Containment, request: SandboxRequest): Promise<SandboxResult> {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'conclave-sandbox-'));
    try {
      const files = { ...request.files };
      if (containment.mode === 'guard' && request.language === 'javascript')
        files['conclave-network-guard.cjs'] = NODE_NETWORK_GUARD;
      for (const [name, contents] of Object.entries(files))
        writeFileSync(path.join(directory, name), contents, { mode: 0o644 });
      if (containment.userPrefix.length > 0) chownSync(directory, 65534, 65534);
      // prlimit before setpriv: setpriv then executes the interpreter itself, which works even where the
      // unprivileged user could not resolve the interpreter's path.
      const command = [
        ...containment.namespacePrefix,
        ...limits(containment, request),
        ...containment.userPrefix,
        containment.interpreter,
        ...interpreterArguments(request, directory, containment.mode),
      ];
      return await spawnLimited(command, directory, request.timeoutMs, containment.mode);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }

  return {
    run,
    /** How code runs on this machine (for the run header and the docs' guarantees). */
    containment: containmentFor,
  };
}

function limits(containment: Containment, request: SandboxRequest): string[] {
  if (!containment.prlimit) return [];
  const memoryMb =
    request.language === 'javascript' ? request.memoryMb + NODE_ADDRESS_SPACE_HEADROOM_MB : request.memoryMb;
  return ['prlimit', `--as=${memoryMb * 1024 * 1024}`, `--fsize=${MAX_FILE_BYTES}`, '--nofile=256', '--'];
}

function interpreterArguments(request: SandboxRequest, directory: string, mode: ContainmentMode): string[] {
  const entry = path.join(directory, request.entry);
  if (request.language === 'python') return ['-I', '-B', entry];
  return [
    // The permission model confines file access to the sandbox directory and forbids child processes,
    // workers and native addons; it does not cover the network in Node 24, hence the namespace or guard.
    '--permission',
    `--allow-fs-read=${directory}`,
    `--allow-fs-write=${directory}`,
    `--max-old-space-size=${request.memoryMb}`,
    '--stack-size=2048',
    ...(mode === 'guard' ? ['--require', path.join(directory, 'conclave-network-guard.cjs')] : []),
    entry,
  ];
}

function spawnLimited(
  command: string[],
  directory: string,
  timeoutMs: number,
  containment: ContainmentMode,
): Promise<SandboxResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command[0]!, command.slice(1), {
      cwd: directory,
      env: {
        PATH: '/usr/local/bin:/usr/bin:/bin',
        HOME: directory,
        TMPDIR: directory,
        LANG: 'C.UTF-8',
        PYTHONIOENCODING: 'utf-8',
        PYTHONDONTWRITEBYTECODE: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group, so the time limit kills everything the program started.
      detached: true,
    });
    const stdout = createCappedBuffer(STDOUT_HEAD);
    const stderr = createCappedBuffer(STDERR_HEAD);
    child.stdout.on('data', (chunk: Buffer) => stdout.add(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.add(chunk));
    let timedOut = false;
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    let finished = false;
    const finish = (exitCode: number | null, signal: string | null) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      killGroup();
      resolve({
        exitCode,
        signal,
        timedOut,
        stdout: stdout.text(),
        stderr: stderr.text(),
        durationMs: Math.round(performance.now() - started),
        containment,
      });
    };
    child.on('error', (error) => finish(null, `spawn failed: ${error.message}`));
    child.on('close', (code, signal) => finish(code, signal));
  });
}

/** Keeps the head and the tail of a stream: the results line is printed last, after any noise. */
function createCappedBuffer(headBytes: number) {
  const head: Buffer[] = [];
  let headLength = 0;
  let tail = Buffer.alloc(0);
  let dropped = 0;
  return {
    add(chunk: Buffer) {
      if (headLength < headBytes) {
        const take = chunk.subarray(0, headBytes - headLength);
        head.push(take);
        headLength += take.length;
        chunk = chunk.subarray(take.length);
      }
      if (chunk.length === 0) return;
      const combined = Buffer.concat([tail, chunk]);
      dropped += Math.max(0, combined.length - TAIL);
      tail = combined.subarray(Math.max(0, combined.length - TAIL));
    },
    text(): string {
      const middle = dropped > 0 ? `\n… ${dropped} bytes omitted …\n` : '';
      return Buffer.concat(head).toString('utf8') + middle + tail.toString('utf8');
    },
  };
}
