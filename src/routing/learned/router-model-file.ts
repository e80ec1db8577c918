import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { ConclaveError } from '../../core/conclave-error.js';
import { type RouterModel, routerModelSchema } from './router-model.js';

/**
 * Writes the model as JSON (one file, no machine-specific state), atomically: a router that re-reads the file
 * while it is being replaced sees the old model or the new one, never half of one.
 */
export async function saveRouterModel(path: string, model: RouterModel): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(model));
  await rename(temporary, path);
}

/** Reads and validates a model file; a damaged or foreign file is a clear config error, not a crash later. */
export async function loadRouterModel(path: string): Promise<RouterModel> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConclaveError('config', `cannot read router model ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConclaveError('config', `router model ${path} is not valid JSON (corrupt or truncated?)`, {
      cause: error,
      hint: 'retrain it or restore the file',
    });
  }
  const parsed = routerModelSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConclaveError('config', `router model ${path} is invalid:\n${z.prettifyError(parsed.error)}`, {
      hint: 'retrain it with the current Conclave version',
    });
  }
  const model = parsed.data;
  const modelCount = model.models.length;
  // Shape checks the schema cannot express: every per-model array must have one entry per model.
  const perModelArrays = [
    model.priors.overall.success,
    model.priors.overall.cost,
    model.logistic?.bias ?? [],
  ];
  const weightsOk =
    !model.logistic || model.logistic.weights.length === model.logistic.features.length * modelCount;
  if (perModelArrays.some((values) => values.length > 0 && values.length !== modelCount) || !weightsOk) {
    throw new ConclaveError(
      'config',
      `router model ${path} is inconsistent: per-model arrays do not match ${modelCount} models`,
    );
  }
  return model;
}
