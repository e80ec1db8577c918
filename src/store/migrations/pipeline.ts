import type { Migration } from '../migration.js';

/** Tables of the pipeline module (ids prefixed "pipeline-"). */
export const pipelineMigrations: readonly Migration[] = [];
