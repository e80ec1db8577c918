// Public surface of the learned per-query router (re-exports only).
export {
  expectedCost,
  type PredictOptions,
  predictSuccess,
  predictSuccessVector,
} from './predict-success.js';
export type { RouterModel } from './router-model.js';
export { routerModelSchema } from './router-model.js';
export { loadRouterModel, saveRouterModel } from './router-model-file.js';
export { chooseByWillingnessToPay, chooseWithinTolerance, willingnessToPayGrid } from './select-model.js';
export {
  DEFAULT_TRAINING_OPTIONS,
  type RouterTrainingExample,
  type RouterTrainingOptions,
  trainRouterModel,
} from './train-router-model.js';
