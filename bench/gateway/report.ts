export interface Row {
  target: string;
  mode: 'json' | 'sse';
  connections: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  sequential: { p50Ms: number; p99Ms: number };
  peakRssMiB: number;
}

/** Markdown: throughput and latency per target/mode/concurrency, then the headline ratios. */
export function formatReport(
  rows: Row[],
  meta: { duration: number; sequential: number; cpus: number; node: string },
): string {
  const lines = [
    `Gateway benchmark — ${new Date().toISOString()} — Node ${meta.node}, ${meta.cpus} CPUs, ${meta.duration} s per cell, ${meta.sequential} sequential requests for c=1 timings`,
    '',
    '| target | mode | c | req/s | p50 ms | p99 ms | errors | peak RSS MiB |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (row) =>
        `| ${row.target} | ${row.mode} | ${row.connections} | ${row.requestsPerSecond.toFixed(0)} | ${row.p50Ms} | ${row.p99Ms} | ${row.errors + row.non2xx} | ${row.peakRssMiB.toFixed(0)} |`,
    ),
    '',
    '| target | JSON latency c=1 p50 / p99 (ms) | SSE first byte c=1 p50 / p99 (ms) | added JSON p50 vs direct | added SSE TTFB p50 vs direct | peak req/s (JSON) |',
    '|---|---|---|---|---|---|',
  ];
  const find = (target: string, mode: 'json' | 'sse') =>
    rows.find((row) => row.target === target && row.mode === mode);
  const direct = { json: find('direct', 'json'), sse: find('direct', 'sse') };
  for (const target of [...new Set(rows.map((row) => row.target))]) {
    const json = find(target, 'json');
    const sse = find(target, 'sse');
    const peak = Math.max(
      ...rows
        .filter((row) => row.target === target && row.mode === 'json')
        .map((row) => row.requestsPerSecond),
    );
    lines.push(
      `| ${target} | ${json?.sequential.p50Ms.toFixed(3)} / ${json?.sequential.p99Ms.toFixed(3)} | ${sse?.sequential.p50Ms.toFixed(3)} / ${sse?.sequential.p99Ms.toFixed(3)} | ${added(json, direct.json)} | ${added(sse, direct.sse)} | ${peak.toFixed(0)} |`,
    );
  }
  const peakOf = (target: string) =>
    Math.max(
      ...rows
        .filter((row) => row.target === target && row.mode === 'json')
        .map((row) => row.requestsPerSecond),
    );
  const rssOf = (target: string) =>
    Math.max(...rows.filter((row) => row.target === target).map((row) => row.peakRssMiB));
  lines.push(
    '',
    `Peak JSON throughput, Conclave / Portkey: ${(peakOf('conclave') / peakOf('portkey')).toFixed(2)}×; the bare Node proxy (the floor for a Node gateway that parses its traffic) / Portkey: ${(peakOf('bare node proxy') / peakOf('portkey')).toFixed(2)}×. Peak RSS under load: Conclave ${rssOf('conclave').toFixed(0)} MiB, Portkey ${rssOf('portkey').toFixed(0)} MiB.`,
  );
  return lines.join('\n');
}

function added(row: Row | undefined, direct: Row | undefined): string {
  if (!row || !direct) return '—';
  return `+${(row.sequential.p50Ms - direct.sequential.p50Ms).toFixed(3)} ms`;
}
