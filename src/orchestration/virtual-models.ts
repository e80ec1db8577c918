import { ConclaveError } from '../core/conclave-error.js';
import { createCouncilVirtualModel } from './council/council-virtual-model.js';
import { createEnsembleVirtualModel } from './ensemble/ensemble-virtual-model.js';
import type { OrchestrationContext, VirtualModelHandler } from './orchestration-context.js';
import { createPipelineVirtualModel } from './pipeline/pipeline-virtual-model.js';

/** Every virtual model family; the engine dispatches `<prefix>/<name>` models to them. */
export function createVirtualModels(context: OrchestrationContext) {
  const handlers: VirtualModelHandler[] = [
    createCouncilVirtualModel(context),
    createEnsembleVirtualModel(context),
    createPipelineVirtualModel(context),
  ];
  return {
    list: () => handlers.flatMap((handler) => handler.list()),
    /** The handler and name for a virtual model id, or undefined for ordinary models. */
    match(model: string | undefined): { handler: VirtualModelHandler; name: string } | undefined {
      if (!model) return undefined;
      const slash = model.indexOf('/');
      if (slash < 0) return undefined;
      const prefix = model.slice(0, slash);
      const handler = handlers.find((candidate) => candidate.prefix === prefix);
      if (!handler) return undefined;
      const name = model.slice(slash + 1);
      if (!name) {
        throw new ConclaveError('bad-request', `"${model}" names no ${prefix}.`, {
          param: 'model',
          hint: `Available: ${
            handler
              .list()
              .map((entry) => entry.id)
              .join(', ') || 'none configured'
          }.`,
        });
      }
      return { handler, name };
    },
  };
}
