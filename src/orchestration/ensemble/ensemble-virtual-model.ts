import { ConclaveError } from '../../core/conclave-error.js';
import type { OrchestrationContext, VirtualModelHandler } from '../orchestration-context.js';

/** Ensemble runs as gateway models `ensemble/<name>`. */
export function createEnsembleVirtualModel(_context: OrchestrationContext): VirtualModelHandler {
  return {
    prefix: 'ensemble',
    list: () => [],
    stream: (_request, name) => {
      throw new ConclaveError('not-found', `Unknown ensemble "${name}".`);
    },
  };
}
