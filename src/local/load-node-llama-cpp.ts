import { ConclaveError } from '../core/conclave-error.js';

export type NodeLlamaCpp = typeof import('node-llama-cpp');
export type ImportNodeLlamaCpp = () => Promise<NodeLlamaCpp>;

const MISSING_MODULE_CODES = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);

function isMissingModule(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && MISSING_MODULE_CODES.has(code);
}

/**
 * node-llama-cpp is an optional dependency (native binaries, ~100 MB), so it is imported only when a local
 * model is actually used; without it, everything except embedded inference keeps working.
 */
export async function loadNodeLlamaCpp(
  importModule: ImportNodeLlamaCpp = () => import('node-llama-cpp'),
): Promise<NodeLlamaCpp> {
  try {
    return await importModule();
  } catch (error) {
    if (!isMissingModule(error)) {
      throw new ConclaveError(
        'unavailable',
        `The embedded llama.cpp engine failed to load: ${(error as Error).message}`,
        {
          cause: error,
          retryable: false,
          hint: 'Reinstall it with: npm install node-llama-cpp',
        },
      );
    }
    throw new ConclaveError('unavailable', 'The embedded llama.cpp engine is not installed.', {
      cause: error,
      retryable: false,
      hint: 'Run: npm install node-llama-cpp',
    });
  }
}
