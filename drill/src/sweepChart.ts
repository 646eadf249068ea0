/** The pool-sizing curve as a chart: requests/s per POOL_SIZE on the left, p99 latency on the right. */
import { rowsOfKind, type DrillRun, type SweepRow } from './figures';
import { count } from './format';
import { suggestedPoolSize } from './sweep';
import { axes, COLORS, niceTicks, rect, svgDocument, text, type Panel } from './svgParts';

export const SWEEP_CHART_SIZE = { width: 980, height: 460 } as const;
const RPS_PANEL: Panel = { left: 90, right: 500, top: 90, bottom: 380 };
const P99_PANEL: Panel = { left: 600, right: 950, top: 90, bottom: 380 };

function bars(
  panel: Panel,
  rows: readonly SweepRow[],
  value: (row: SweepRow) => number,
  y: (v: number) => number,
  highlight: number | undefined,
  unit: string,
): string[] {
  const width = (panel.right - panel.left) / rows.length;
  return rows.flatMap((row, i) => {
    const x = panel.left + width * (i + 0.2);
    const v = value(row);
    const fill = row.poolSize === highlight ? COLORS.ceiling : COLORS.calm;
    return [
      rect(x, y(v), width * 0.6, panel.bottom - y(v), fill, `POOL_SIZE=${row.poolSize}: ${count(v)} ${unit}`),
      text(x + width * 0.3, y(v) - 5, count(v), 'text-anchor="middle" font-size="12"'),
      text(x + width * 0.3, panel.bottom + 20, String(row.poolSize), 'text-anchor="middle" font-size="13"'),
    ];
  });
}

export function renderSweepChart(run: DrillRun): string {
  const rows = rowsOfKind(run.rows, 'sweep');
  const suggested = suggestedPoolSize(run.rows);
  const rpsMax = Math.max(0, ...rows.map((row) => row.figures.requestsPerSecond));
  const p99Max = Math.max(0, ...rows.map((row) => row.figures.latencyMs.p99));
  const rps = axes(RPS_PANEL, niceTicks(rpsMax * 1.08), 'successful requests per second', 'POOL_SIZE');
  const p99 = axes(P99_PANEL, niceTicks(p99Max * 1.08), 'p99 latency (ms)', 'POOL_SIZE');
  const { settings, machine } = run;
  const parts = [
    text(
      SWEEP_CHART_SIZE.width / 2,
      30,
      `Pool sizing: GET /person/first at concurrency ${settings.concurrency}`,
      'text-anchor="middle" font-size="19" font-weight="bold"',
    ),
    text(
      SWEEP_CHART_SIZE.width / 2,
      52,
      `${settings.durationSeconds} s per size · ${machine.cores} cores, ${machine.cpuModel} · ${machine.dbVersion} · ` +
        `green: the smallest size within 0.95 × the best (${suggested ?? '—'})`,
      'text-anchor="middle" font-size="12" fill="#555"',
    ),
    ...rps.parts,
    ...p99.parts,
    ...bars(RPS_PANEL, rows, (row) => row.figures.requestsPerSecond, rps.y, suggested, 'req/s'),
    ...bars(P99_PANEL, rows, (row) => row.figures.latencyMs.p99, p99.y, suggested, 'ms p99'),
  ];
  return svgDocument(SWEEP_CHART_SIZE, 'Drill: requests per second and p99 latency per POOL_SIZE', parts);
}
