import type { ImportSummary } from './import-outcomes.js';

/** What `conclave eval import` prints: counts, task types, which names mapped and which did not. */
export function formatImportSummary(summary: ImportSummary): string {
  const mapped = Object.entries(summary.mapping).filter(([, id]) => id !== null);
  return [
    `imported ${summary.id}: ${summary.rows} queries, ${summary.cells} graded cells (split: ${summary.split})`,
    `task types: ${Object.entries(summary.taskTypes)
      .map(([task, type]) => `${task} → ${type}`)
      .join(', ')}`,
    `mapped to catalog ids: ${mapped.map(([name, id]) => `${name} → ${id}`).join(', ') || 'none'}`,
    `unmapped (kept as named evidence, not routable; map with --map name=id): ${summary.unmapped.join(', ') || 'none'}`,
    `missing outcomes: ${summary.missingOutcomes} cell(s) ${summary.missing === 'skip' ? 'left out' : 'counted as wrong'}${summary.duplicates > 0 ? `; ${summary.duplicates} duplicate query id(s) counted once` : ''}`,
    'Next: conclave eval report',
    '',
  ].join('\n');
}
