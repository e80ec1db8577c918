import { ConclaveError } from '../../core/conclave-error.js';
import type { OrchestrationContext, VirtualModelHandler } from '../orchestration-context.js';

/** Council runs as gateway models `council/<name>`. */
export function createCouncilVirtualModel(_context: OrchestrationContext): VirtualModelHandler {
  return {
    prefix: 'council',
    list: () => [],
    stream: (_request, name) => {
      throw new ConclaveError('not-found', `Unknown council "${name}".`);
    },
  };
}
