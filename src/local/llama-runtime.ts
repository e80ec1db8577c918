import type { Llama } from 'node-llama-cpp';
import { ConclaveError } from '../core/conclave-error.js';
import { type ImportNodeLlamaCpp, loadNodeLlamaCpp, type NodeLlamaCpp } from './load-node-llama-cpp.js';

export interface LlamaRuntime {
  llamaCpp: NodeLlamaCpp;
  llama: Llama;
}

/** Imports node-llama-cpp and starts its native llama.cpp binding (once per engine; it costs ~0.5–1 s). */
export async function startLlamaRuntime({
  gpu,
  importNodeLlamaCpp,
}: {
  gpu: 'auto' | false;
  importNodeLlamaCpp?: ImportNodeLlamaCpp;
}): Promise<LlamaRuntime> {
  const llamaCpp = await loadNodeLlamaCpp(importNodeLlamaCpp);
  try {
    // build 'never': compiling llama.cpp inside a request would take minutes and needs the network.
    const llama = await llamaCpp.getLlama({ gpu, build: 'never', logLevel: llamaCpp.LlamaLogLevel.error });
    return { llamaCpp, llama };
  } catch (error) {
    throw new ConclaveError(
      'unavailable',
      `llama.cpp could not start on this machine: ${(error as Error).message}`,
      {
        cause: error,
        retryable: false,
        hint: 'Check the platform with: npx --no node-llama-cpp inspect gpu',
      },
    );
  }
}
