import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A throwaway CONCLAVE_HOME so tests never touch the developer's store or models. */
export function createTempHome(prefix = 'conclave-test-'): { path: string; cleanup: () => void } {
  const directory = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { path: directory, cleanup: () => rmSync(directory, { recursive: true, force: true }) };
}
