import { ConclaveError } from '../../core/conclave-error.js';
import type { OrchestrationContext, VirtualModelHandler } from '../orchestration-context.js';

/** Pipeline runs as gateway models `pipeline/<name>`. */
export function createPipelineVirtualModel(_context: OrchestrationContext): VirtualModelHandler {
  return {
    prefix: 'pipeline',
    list: () => [],
    stream: (_request, name) => {
      throw new ConclaveError('not-found', `Unknown pipeline "${name}".`);
    },
  };
}
