import type { RoutingBenchmarkReport } from './run-routing-benchmark.js';

const WIDTH = 760;
const HEIGHT = 480;
const MARGIN = { left: 64, right: 200, top: 36, bottom: 48 };
const COLORS: Record<string, string> = {
  'zero-router': '#888888',
  oracle: '#2a9d4b',
  'task-prior': '#e69f00',
  knn: '#56b4e9',
  conclave: '#d62728',
  'conclave-tolerance': '#9467bd',
  random: '#444444',
  cheapest: '#8c564b',
  'best-single': '#17becf',
};

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (character) => `&#${character.charCodeAt(0)};`);

interface Series {
  name: string;
  points: { x: number; y: number }[];
}

/**
 * A hand-written SVG of the trade-off: cost per query (or share of strong calls for two-model data
 * without prices) against quality, one hull per router, single models as labelled dots.
 */
export function renderCostQualitySvg(report: RoutingBenchmarkReport): string {
  const byCost = report.curves.length > 0;
  const series: Series[] = byCost
    ? report.curves.map((curve) => ({
        name: curve.name,
        points: curve.points.map((point) => ({ x: point.cost, y: point.quality })),
      }))
    : report.shareCurves.map((curve) => ({
        name: curve.name,
        points: curve.points.map((point) => ({ x: point.strongShare, y: point.quality })),
      }));
  const dots = byCost
    ? report.models.map((model) => ({
        label: model.id.split('/').pop() ?? model.id,
        x: model.costPerQuery ?? 0,
        y: model.testQuality,
      }))
    : [];
  const all = [...series.flatMap((entry) => entry.points), ...dots];
  const maxX = byCost ? Math.max(...all.map((point) => point.x)) * 1.05 : 1;
  const minY = Math.max(0, Math.floor(Math.min(...all.map((point) => point.y)) * 20) / 20 - 0.05);
  const maxY = Math.min(1, Math.ceil(Math.max(...all.map((point) => point.y)) * 20) / 20 + 0.02);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const sx = (x: number) => MARGIN.left + (x / (maxX || 1)) * plotWidth;
  const sy = (y: number) => MARGIN.top + (1 - (y - minY) / (maxY - minY || 1)) * plotHeight;
  const title = `${report.dataset}: ${byCost ? 'cost–quality (test)' : 'quality vs share of strong calls (test)'}`;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${MARGIN.left}" y="20" font-size="14">${escapeXml(title)}</text>`,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#333"/>`,
  ];
  for (let tick = 0; tick <= 5; tick += 1) {
    const x = (maxX * tick) / 5;
    const y = minY + ((maxY - minY) * tick) / 5;
    parts.push(
      `<text x="${sx(x).toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${byCost ? `$${x.toFixed(4)}` : x.toFixed(1)}</text>`,
      `<text x="${MARGIN.left - 6}" y="${(sy(y) + 4).toFixed(1)}" text-anchor="end">${y.toFixed(2)}</text>`,
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${sy(y).toFixed(1)}" y2="${sy(y).toFixed(1)}" stroke="#eee"/>`,
    );
  }
  parts.push(
    `<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 10}" text-anchor="middle">${byCost ? 'USD per query' : 'share of calls to the strong model'}</text>`,
    `<text transform="translate(16 ${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">quality</text>`,
  );
  series.forEach((entry, index) => {
    const color = COLORS[entry.name] ?? '#1f77b4';
    const legendY = MARGIN.top + 14 + index * 16;
    const legendX = WIDTH - MARGIN.right + 12;
    const first = entry.points[0];
    if (entry.points.length === 1 && first) {
      // A fixed strategy (random, cheapest, best single) is one operating point, not a curve.
      parts.push(
        `<rect x="${(sx(first.x) - 4).toFixed(1)}" y="${(sy(first.y) - 4).toFixed(1)}" width="8" height="8" fill="none" stroke="${color}" stroke-width="1.5"/>`,
        `<rect x="${legendX + 6}" y="${legendY - 8}" width="8" height="8" fill="none" stroke="${color}" stroke-width="1.5"/>`,
        `<text x="${legendX + 26}" y="${legendY}">${escapeXml(entry.name)}</text>`,
      );
      return;
    }
    const last = entry.points[entry.points.length - 1];
    // Hulls are extended flat to the right edge, as AIQ counts them.
    const points = byCost && last ? [...entry.points, { x: maxX, y: last.y }] : entry.points;
    const path = points.map((point) => `${sx(point.x).toFixed(1)},${sy(point.y).toFixed(1)}`).join(' ');
    const dash = entry.name === 'zero-router' ? ' stroke-dasharray="5 4"' : '';
    const width = entry.name === 'conclave' ? 2.5 : 1.5;
    parts.push(
      `<polyline points="${path}" fill="none" stroke="${color}" stroke-width="${width}"${dash}/>`,
      `<line x1="${legendX}" x2="${legendX + 20}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="${color}" stroke-width="${width}"${dash}/>`,
      `<text x="${legendX + 26}" y="${legendY}">${escapeXml(entry.name)}</text>`,
    );
  });
  for (const dot of dots) {
    parts.push(
      `<circle cx="${sx(dot.x).toFixed(1)}" cy="${sy(dot.y).toFixed(1)}" r="3" fill="#333"/>`,
      `<text x="${(sx(dot.x) + 5).toFixed(1)}" y="${(sy(dot.y) - 4).toFixed(1)}" font-size="9" fill="#333">${escapeXml(dot.label)}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}
