/**
 * The run as a chart, hand-written SVG (no dependency): successful requests/s per strategy without and
 * with chaos, the two ceilings as dashed lines, and next to it the failed requests of the same phases.
 */
import type { StrategyName } from '../../lib/settings/strategies';
import { findCeiling, findStrategyRow, type DrillRun, type StrategyRow } from './figures';
import { count } from './format';

export const SIZE = { width: 980, height: 500 } as const;
const COLORS = {
  calm: '#4e79a7',
  chaos: '#e15759',
  axis: '#333',
  grid: '#ddd',
  ceiling: '#59a14f',
  db: '#9c755f',
} as const;
const FONT = 'font-family="DejaVu Sans, Helvetica, Arial, sans-serif"';

interface Panel {
  left: number;
  right: number;
  top: number;
  bottom: number;
}
const RPS_PANEL: Panel = { left: 90, right: 640, top: 110, bottom: 420 };
const FAIL_PANEL: Panel = { left: 740, right: 950, top: 110, bottom: 420 };

export function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

/** Round axis ticks from 0 to at least max: steps of 1, 2 or 5 × a power of ten, about `target` of them. */
export function niceTicks(max: number, target = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / target;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  const stepCount = Math.max(1, Math.ceil(max / step - 1e-9));
  return Array.from({ length: stepCount + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

const text = (x: number, y: number, content: string, attrs = '') =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${escapeXml(content)}</text>`;
const line = (x1: number, y1: number, x2: number, y2: number, attrs: string) =>
  `<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" ${attrs}/>`;
const rect = (x: number, y: number, w: number, h: number, fill: string, title: string) =>
  `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${Math.max(0, h).toFixed(1)}" fill="${fill}"><title>${escapeXml(title)}</title></rect>`;

/** Axes, grid, tick labels and axis titles of one panel; returns its parts and the value → y mapping. */
function axes(
  panel: Panel,
  ticks: number[],
  yTitle: string,
  xTitle: string,
): { parts: string[]; y: (v: number) => number } {
  const top = ticks[ticks.length - 1];
  const y = (v: number) => panel.bottom - (v / top) * (panel.bottom - panel.top);
  const parts: string[] = [];
  for (const tick of ticks) {
    parts.push(line(panel.left, y(tick), panel.right, y(tick), `stroke="${COLORS.grid}"`));
    parts.push(text(panel.left - 8, y(tick) + 4, count(tick), 'text-anchor="end" font-size="12"'));
  }
  parts.push(line(panel.left, panel.top, panel.left, panel.bottom, `stroke="${COLORS.axis}"`));
  parts.push(line(panel.left, panel.bottom, panel.right, panel.bottom, `stroke="${COLORS.axis}"`));
  const middle = (panel.top + panel.bottom) / 2;
  parts.push(
    text(
      panel.left - 62,
      middle,
      yTitle,
      `text-anchor="middle" font-size="13" transform="rotate(-90 ${panel.left - 62} ${middle})"`,
    ),
  );
  parts.push(text((panel.left + panel.right) / 2, panel.bottom + 48, xTitle, 'text-anchor="middle" font-size="13"'));
  return { parts, y };
}

/** Two bars (no chaos, chaos) per strategy, each with its value written above it. */
function groupedBars(
  panel: Panel,
  strategies: readonly StrategyName[],
  value: (row: StrategyRow) => number,
  rows: DrillRun['rows'],
  y: (v: number) => number,
): string[] {
  const parts: string[] = [];
  const groupWidth = (panel.right - panel.left) / strategies.length;
  const barWidth = Math.min(70, groupWidth * 0.32);
  strategies.forEach((strategy, i) => {
    const center = panel.left + groupWidth * (i + 0.5);
    parts.push(text(center, panel.bottom + 20, strategy, 'text-anchor="middle" font-size="13"'));
    for (const chaos of [false, true]) {
      const row = findStrategyRow(rows, strategy, chaos);
      if (!row) continue;
      const x = chaos ? center + 2 : center - 2 - barWidth;
      const v = value(row);
      const label = `${strategy}, ${chaos ? 'kill-idle chaos' : 'no chaos'}: ${count(v)}`;
      parts.push(rect(x, y(v), barWidth, panel.bottom - y(v), chaos ? COLORS.chaos : COLORS.calm, label));
      parts.push(text(x + barWidth / 2, y(v) - 5, count(v), 'text-anchor="middle" font-size="12"'));
    }
  });
  return parts;
}

/** A dashed horizontal line at a ceiling, labelled at its right end. */
function ceilingLine(panel: Panel, y: number, label: string, color: string): string[] {
  return [
    line(panel.left, y, panel.right, y, `stroke="${color}" stroke-width="2" stroke-dasharray="7 5"`),
    text(panel.right - 4, y - 6, label, `text-anchor="end" font-size="12" fill="${color}"`),
  ];
}

export function renderChart(run: DrillRun): string {
  const { rows, settings, machine } = run;
  const strategies = [...new Set(rows.flatMap((row) => (row.kind === 'strategy' ? [row.strategy] : [])))];
  const strategyRows = rows.filter((row): row is StrategyRow => row.kind === 'strategy');
  const http = findCeiling(rows, 'http')?.figures.requestsPerSecond;
  const db = findCeiling(rows, 'db')?.figures.requestsPerSecond;

  const rpsMax = Math.max(0, http ?? 0, db ?? 0, ...strategyRows.map((row) => row.figures.requestsPerSecond));
  const rps = axes(RPS_PANEL, niceTicks(rpsMax * 1.08), 'successful requests per second (2xx)', 'strategy');
  const failMax = Math.max(0, ...strategyRows.map((row) => row.figures.failed));
  const fails = axes(FAIL_PANEL, niceTicks(failMax * 1.08), 'failed requests (non-2xx + errors)', 'strategy');

  const chaosText = `kill-idle chaos: every sleeping connection killed every ${settings.chaosIntervalMs} ms`;
  const parts = [
    `<rect width="${SIZE.width}" height="${SIZE.height}" fill="#fff"/>`,
    text(
      SIZE.width / 2,
      30,
      'GET /person/first under load, without and with chaos',
      'text-anchor="middle" font-size="19" font-weight="bold"',
    ),
    text(
      SIZE.width / 2,
      52,
      `concurrency ${settings.concurrency} · ${settings.durationSeconds} s per phase · ` +
        `${machine.cores} cores, ${machine.cpuModel} · Node ${machine.nodeVersion} · ${machine.dbVersion} · ${run.startedAt.toISOString().slice(0, 10)}`,
      'text-anchor="middle" font-size="12" fill="#555"',
    ),
    `<rect x="${RPS_PANEL.left}" y="70" width="14" height="14" fill="${COLORS.calm}"/>`,
    text(RPS_PANEL.left + 20, 82, 'no chaos', 'font-size="13"'),
    `<rect x="${RPS_PANEL.left + 100}" y="70" width="14" height="14" fill="${COLORS.chaos}"/>`,
    text(RPS_PANEL.left + 120, 82, chaosText, 'font-size="13"'),
    text(
      (RPS_PANEL.left + RPS_PANEL.right) / 2,
      RPS_PANEL.top - 8,
      'Throughput',
      'text-anchor="middle" font-size="14" font-weight="bold"',
    ),
    text(
      (FAIL_PANEL.left + FAIL_PANEL.right) / 2,
      FAIL_PANEL.top - 8,
      'Failures',
      'text-anchor="middle" font-size="14" font-weight="bold"',
    ),
    ...rps.parts,
    ...fails.parts,
    ...(http ? ceilingLine(RPS_PANEL, rps.y(http), `HTTP ceiling ${count(http)}`, COLORS.ceiling) : []),
    ...(db ? ceilingLine(RPS_PANEL, rps.y(db), `DB ceiling ${count(db)}`, COLORS.db) : []),
    ...groupedBars(RPS_PANEL, strategies, (row) => row.figures.requestsPerSecond, rows, rps.y),
    ...groupedBars(FAIL_PANEL, strategies, (row) => row.figures.failed, rows, fails.y),
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE.width}" height="${SIZE.height}" viewBox="0 0 ${SIZE.width} ${SIZE.height}" ${FONT}>`,
    `<title>Drill: requests per second and failures per strategy, without and with chaos</title>`,
    ...parts.map((part) => `  ${part}`),
    '</svg>',
    '',
  ].join('\n');
}
