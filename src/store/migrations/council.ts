import type { Migration } from '../migration.js';

/** Tables of the council module (ids prefixed "council-"). */
export const councilMigrations: readonly Migration[] = [];
