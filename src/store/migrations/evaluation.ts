import type { Migration } from '../migration.js';

/** Tables of the evaluation module (ids prefixed "evaluation-"). */
export const evaluationMigrations: readonly Migration[] = [];
