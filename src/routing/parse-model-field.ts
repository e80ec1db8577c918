import { OBJECTIVES, type Objective } from '../core/chat-request.js';
import { ConclaveError } from '../core/conclave-error.js';

export type ModelField = { kind: 'auto'; objective?: Objective } | { kind: 'model'; name: string };

/** `auto`, `auto:cost`, `conclave/auto` … route; anything else names a model. */
export function parseModelField(model: string | undefined): ModelField {
  if (!model) return { kind: 'auto' };
  const trimmed = model.trim().replace(/^conclave\//, '');
  if (trimmed === 'auto' || trimmed === 'default') return { kind: 'auto' };
  if (trimmed.startsWith('auto:')) {
    const objective = trimmed.slice(5);
    if (!(OBJECTIVES as readonly string[]).includes(objective)) {
      throw new ConclaveError(
        'bad-request',
        `Unknown routing objective "${objective}" in model "${model}".`,
        {
          param: 'model',
          hint: `Use one of: ${OBJECTIVES.map((name) => `auto:${name}`).join(', ')}.`,
        },
      );
    }
    return { kind: 'auto', objective: objective as Objective };
  }
  return { kind: 'model', name: trimmed };
}
