import type { Migration } from '../migration.js';

/** Tables of the ensemble module (ids prefixed "ensemble-"). */
export const ensembleMigrations: readonly Migration[] = [];
