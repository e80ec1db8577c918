import type { Migration } from '../migration.js';
import { coreMigrations } from './core.js';
import { councilMigrations } from './council.js';
import { ensembleMigrations } from './ensemble.js';
import { evaluationMigrations } from './evaluation.js';
import { learningMigrations } from './learning.js';
import { pipelineMigrations } from './pipeline.js';

/** Every module's migrations, applied in this order; each id at most once per database. */
export const ALL_MIGRATIONS: readonly Migration[] = [
  ...coreMigrations,
  ...councilMigrations,
  ...ensembleMigrations,
  ...pipelineMigrations,
  ...learningMigrations,
  ...evaluationMigrations,
];
