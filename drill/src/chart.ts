/**
 * The report's two charts as SVG, from latest.json: grouped bars with a labelled value axis. Each bar
 * carries a <title> (its exact figure) that a browser shows on hover and a test can count.
 */
import { combinedLimit, count, findRun, serverName, type DrillResults } from './results';

export interface BarSeries {
  readonly name: string;
  readonly color: string;
  /** One value per group; null: not measured (no bar). */
  readonly values: readonly (number | null)[];
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A "nice" step for about five gridlines: 1, 2 or 5 × a power of ten. */
function gridStep(max: number): number {
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw)!;
}

export function barChart(title: string, unit: string, groups: readonly string[], series: readonly BarSeries[]): string {
  const [width, height, left, top, bottom] = [720, 360, 70, 50, 60];
  const plotHeight = height - top - bottom;
  const max = Math.max(1, ...series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const step = gridStep(max);
  const yMax = Math.ceil(max / step) * step;
  const y = (value: number) => top + plotHeight - (value / yMax) * plotHeight;
  const groupWidth = (width - left - 20) / groups.length;
  const barWidth = (groupWidth * 0.8) / series.length;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${escape(title)}</text>`,
  ];
  for (let value = 0; value <= yMax; value += step)
    parts.push(
      `<line x1="${left}" x2="${width - 20}" y1="${y(value)}" y2="${y(value)}" stroke="#ddd"/>`,
      `<text x="${left - 6}" y="${y(value) + 4}" text-anchor="end">${count(value)}</text>`,
    );
  parts.push(
    `<text x="14" y="${top + plotHeight / 2}" transform="rotate(-90 14 ${top + plotHeight / 2})" text-anchor="middle">${escape(unit)}</text>`,
  );
  groups.forEach((group, g) => {
    const x0 = left + g * groupWidth + groupWidth * 0.1;
    parts.push(
      `<text x="${x0 + groupWidth * 0.4}" y="${height - bottom + 18}" text-anchor="middle">${escape(group)}</text>`,
    );
    series.forEach((s, i) => {
      const value = s.values[g];
      if (value === null || value === undefined) return;
      const [x, barTop] = [x0 + i * barWidth, y(value)];
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${barTop.toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${(top + plotHeight - barTop).toFixed(1)}" fill="${s.color}"><title>${escape(`${group}, ${s.name}: ${count(value)} ${unit}`)}</title></rect>`,
      );
    });
  });
  series.forEach((s, i) => {
    const x = left + i * 190;
    parts.push(
      `<rect x="${x}" y="${height - 22}" width="12" height="12" fill="${s.color}"/>`,
      `<text x="${x + 18}" y="${height - 12}">${escape(s.name)}</text>`,
    );
  });
  return [...parts, '</svg>', ''].join('\n');
}

const COLORS = ['#4c78a8', '#e45756', '#bab0ac'];

/** Each strategy calm and under kill-idle, beside its combined limit. */
export function strategiesChart(results: DrillResults): string {
  const strategies = [...new Set(results.strategies.map((run) => run.strategy))];
  const rps = (chaos: boolean) => strategies.map((s) => findRun(results, s, chaos)?.figures.requestsPerSecond ?? null);
  return barChart(`Each strategy against its combined limit: ${serverName(results)}`, 'req/s', strategies, [
    { name: 'no chaos', color: COLORS[0], values: rps(false) },
    { name: `kill-idle every ${results.settings.chaosIntervalMs} ms`, color: COLORS[1], values: rps(true) },
    { name: 'combined limit', color: COLORS[2], values: strategies.map((s) => combinedLimit(results, s) ?? null) },
  ]);
}

/** The pool app at each POOL_SIZE, with the drill's query and with queries that wait on the server. */
export function sweepChart(results: DrillResults): string {
  const { sweep, settings } = results;
  const groups = sweep.map((row) => `POOL_SIZE=${row.poolSize}`);
  const waiting = sweep.map((row) => row.waiting?.requestsPerSecond ?? null);
  return barChart(`Pool sizing at concurrency ${settings.concurrency}: ${serverName(results)}`, 'req/s', groups, [
    { name: 'GET /person/first', color: COLORS[0], values: sweep.map((row) => row.figures.requestsPerSecond) },
    { name: `each query waiting ${settings.waitMs} ms`, color: COLORS[1], values: waiting },
  ]);
}
