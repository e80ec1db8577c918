import type { TaskTypeStats } from './aggregate-evidence.js';
import type { Recommendation } from './recommend-models.js';

const WIDTH = 720;
const HEIGHT = 440;
const MARGIN = { left: 64, right: 150, top: 40, bottom: 52 };
const UNKNOWN_COST_COLUMN = 56;

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (character) => `&#${character.charCodeAt(0)};`);

/**
 * Cost per call against quality for one task type: every model as a dot with its 95% CI as a whisker, the
 * Pareto front as a line, the recommended model in red. Models without cost data sit in a left column.
 */
export function renderTaskChartSvg(stats: TaskTypeStats, recommendation: Recommendation): string {
  const priced = stats.models.filter((model) => model.costUsd !== undefined);
  const unpriced = stats.models.filter((model) => model.costUsd === undefined);
  const plotLeft = MARGIN.left + (unpriced.length > 0 ? UNKNOWN_COST_COLUMN : 0);
  const plotWidth = WIDTH - plotLeft - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const maxCost = Math.max(0, ...priced.map((model) => model.costUsd!)) * 1.1 || 1e-6;
  const lowest = Math.min(...stats.models.map((model) => model.ci[0]));
  const minY = Math.max(0, Math.floor(lowest * 10) / 10);
  const x = (cost: number) => plotLeft + (cost / maxCost) * plotWidth;
  const y = (quality: number) => MARGIN.top + (1 - (quality - minY) / (1 - minY || 1)) * plotHeight;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${MARGIN.left}" y="22" font-size="14">${escapeXml(`${stats.taskType}: cost per call vs quality (95% CI)`)}</text>`,
    `<rect x="${plotLeft}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#333"/>`,
  ];
  for (let tick = 0; tick <= 5; tick += 1) {
    const cost = (maxCost * tick) / 5;
    const quality = minY + ((1 - minY) * tick) / 5;
    parts.push(
      `<text x="${x(cost).toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${cost === 0 ? '0' : cost.toExponential(1)}</text>`,
      `<line x1="${plotLeft}" x2="${plotLeft + plotWidth}" y1="${y(quality).toFixed(1)}" y2="${y(quality).toFixed(1)}" stroke="#eee"/>`,
      `<text x="${MARGIN.left - 6}" y="${(y(quality) + 4).toFixed(1)}" text-anchor="end">${quality.toFixed(2)}</text>`,
    );
  }
  parts.push(
    `<text x="${plotLeft + plotWidth / 2}" y="${HEIGHT - 8}" text-anchor="middle">USD per call (mean)</text>`,
    `<text transform="translate(16 ${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">quality (mean grade)</text>`,
  );
  if (unpriced.length > 0)
    parts.push(
      `<text x="${MARGIN.left + UNKNOWN_COST_COLUMN / 2}" y="${HEIGHT - MARGIN.bottom + 30}" text-anchor="middle" fill="#666">cost unknown</text>`,
    );
  const front = recommendation.front.filter((model) => model.costUsd !== undefined);
  if (front.length > 1)
    parts.push(
      `<polyline points="${front.map((model) => `${x(model.costUsd!).toFixed(1)},${y(model.quality).toFixed(1)}`).join(' ')}" fill="none" stroke="#2a9d4b" stroke-width="1.5" stroke-dasharray="5 3"/>`,
    );
  const place = (model: (typeof stats.models)[number], px: number) => {
    const primary = recommendation.primary?.model === model.model;
    const color = primary ? '#d62728' : recommendation.front.includes(model) ? '#2a9d4b' : '#1f77b4';
    parts.push(
      `<line x1="${px.toFixed(1)}" x2="${px.toFixed(1)}" y1="${y(model.ci[0]).toFixed(1)}" y2="${y(model.ci[1]).toFixed(1)}" stroke="${color}" stroke-opacity="0.5"/>`,
      `<circle cx="${px.toFixed(1)}" cy="${y(model.quality).toFixed(1)}" r="${primary ? 5 : 3.5}" fill="${color}"/>`,
      `<text x="${(px + 7).toFixed(1)}" y="${(y(model.quality) + 4).toFixed(1)}" fill="${color}">${escapeXml(`${model.model}${primary ? ' ★' : ''}`)}</text>`,
    );
  };
  for (const model of priced) place(model, x(model.costUsd!));
  for (const model of unpriced) place(model, MARGIN.left + UNKNOWN_COST_COLUMN / 2);
  parts.push(
    `<text x="${WIDTH - MARGIN.right + 10}" y="${MARGIN.top + 10}" fill="#d62728">★ recommended</text>`,
    `<text x="${WIDTH - MARGIN.right + 10}" y="${MARGIN.top + 26}" fill="#2a9d4b">- - Pareto front</text>`,
    `<text x="${WIDTH - MARGIN.right + 10}" y="${MARGIN.top + 42}" fill="#1f77b4">| 95% CI</text>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}
