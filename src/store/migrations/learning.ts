import type { Migration } from '../migration.js';

/** Tables of the learning module (ids prefixed "learning-"). */
export const learningMigrations: readonly Migration[] = [];
