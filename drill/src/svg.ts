/**
 * The run as a chart: successful requests/s per strategy without and with chaos, the HTTP ceiling and
 * each strategy's combined limit as dashed lines, and next to it the failed requests of the same phases.
 */
import type { StrategyName } from '../../lib/settings/strategies';
import { strategyLimit } from './combinedLimit';
import { findCeiling, findStrategyRow, type DrillRun, type StrategyRow } from './figures';
import { count } from './format';
import {
  axes,
  COLORS,
  dashedMark,
  LABEL_CLEARANCE_PX,
  niceTicks,
  rect,
  svgDocument,
  text,
  type Panel,
} from './svgParts';

export { escapeXml, niceTicks } from './svgParts'; // their tests are in svg.test.ts

export const SIZE = { width: 980, height: 500 } as const;
const RPS_PANEL: Panel = { left: 90, right: 640, top: 110, bottom: 420 };
const FAIL_PANEL: Panel = { left: 740, right: 950, top: 110, bottom: 420 };

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

/**
 * Over each strategy's bars, a dashed line at its combined limit: how fast it could be at best. When a
 * bar's value, written above the bar, would sit on its label, the label goes one line above the highest.
 */
function limitMarks(
  panel: Panel,
  strategies: readonly StrategyName[],
  rows: DrillRun['rows'],
  y: (v: number) => number,
): string[] {
  const groupWidth = (panel.right - panel.left) / strategies.length;
  return strategies.flatMap((strategy, i) => {
    const limit = strategyLimit(rows, strategy);
    if (!limit) return [];
    const left = panel.left + groupWidth * (i + 0.1);
    const bars = [false, true].flatMap(
      (chaos) => findStrategyRow(rows, strategy, chaos)?.figures.requestsPerSecond ?? [],
    );
    const crowded = bars.some((value) => Math.abs(y(value) - y(limit)) < LABEL_CLEARANCE_PX);
    const labelY = crowded ? Math.min(y(limit), ...bars.map(y)) - 6 - LABEL_CLEARANCE_PX : undefined;
    return dashedMark(left, left + groupWidth * 0.8, y(limit), `limit ${count(limit)}`, COLORS.limit, labelY);
  });
}

export function renderChart(run: DrillRun): string {
  const { rows, settings, machine } = run;
  const strategies = [...new Set(rows.flatMap((row) => (row.kind === 'strategy' ? [row.strategy] : [])))];
  const strategyRows = rows.filter((row): row is StrategyRow => row.kind === 'strategy');
  const http = findCeiling(rows, 'http')?.figures.requestsPerSecond;
  const limits = strategies.map((strategy) => strategyLimit(rows, strategy) ?? 0);

  const rpsMax = Math.max(0, http ?? 0, ...limits, ...strategyRows.map((row) => row.figures.requestsPerSecond));
  const rps = axes(RPS_PANEL, niceTicks(rpsMax * 1.08), 'successful requests per second (2xx)', 'strategy');
  const failMax = Math.max(0, ...strategyRows.map((row) => row.figures.failed));
  const fails = axes(FAIL_PANEL, niceTicks(failMax * 1.08), 'failed requests (non-2xx + errors)', 'strategy');

  const chaosText = `kill-idle chaos: every sleeping connection killed every ${settings.chaosIntervalMs} ms`;
  const parts = [
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
    ...(http
      ? dashedMark(RPS_PANEL.left, RPS_PANEL.right, rps.y(http), `HTTP ceiling ${count(http)}`, COLORS.ceiling)
      : []),
    ...limitMarks(RPS_PANEL, strategies, rows, rps.y),
    ...groupedBars(RPS_PANEL, strategies, (row) => row.figures.requestsPerSecond, rows, rps.y),
    ...groupedBars(FAIL_PANEL, strategies, (row) => row.figures.failed, rows, fails.y),
  ];
  return svgDocument(SIZE, 'Drill: requests per second and failures per strategy, without and with chaos', parts);
}
