/**
 * The pool-sizing curve as a chart: requests/s per POOL_SIZE on the left, p99 latency on the right,
 * for the drill's query and (when measured) for queries that wait on the server, side by side.
 */
import { rowsOfKind, type DrillRun, type SweepRow } from './figures';
import { count } from './format';
import { suggestedPoolSize, sweepFigures, sweepWaitMs, type SweepLoad } from './sweep';
import { axes, COLORS, niceTicks, rect, svgDocument, text, type Panel } from './svgParts';

export const SWEEP_CHART_SIZE = { width: 980, height: 500 } as const;
const RPS_PANEL: Panel = { left: 90, right: 500, top: 130, bottom: 420 };
const P99_PANEL: Panel = { left: 600, right: 950, top: 130, bottom: 420 };

/** Each load's bar colour, and a darker one for the size it suggests. */
const SERIES: Record<SweepLoad, { readonly fill: string; readonly suggested: string }> = {
  query: { fill: COLORS.calm, suggested: COLORS.ceiling },
  waiting: { fill: '#f28e2b', suggested: '#9c4f0c' },
};

interface Series {
  readonly load: SweepLoad;
  readonly suggested: number | undefined;
}

function bars(
  panel: Panel,
  rows: readonly SweepRow[],
  series: readonly Series[],
  value: (row: SweepRow, load: SweepLoad) => number | undefined,
  y: (v: number) => number,
  unit: string,
): string[] {
  const groupWidth = (panel.right - panel.left) / rows.length;
  const barWidth = (groupWidth * 0.7) / series.length;
  return rows.flatMap((row, i) => {
    const left = panel.left + groupWidth * (i + 0.15);
    const label = text(
      left + groupWidth * 0.35,
      panel.bottom + 20,
      String(row.poolSize),
      'text-anchor="middle" font-size="13"',
    );
    return [
      label,
      ...series.flatMap(({ load, suggested }, s) => {
        const v = value(row, load);
        if (v === undefined) return [];
        const x = left + barWidth * s;
        const fill = row.poolSize === suggested ? SERIES[load].suggested : SERIES[load].fill;
        const title = `POOL_SIZE=${row.poolSize}${load === 'waiting' ? ', waiting queries' : ''}: ${count(v)} ${unit}`;
        return [
          rect(x, y(v), barWidth, panel.bottom - y(v), fill, title),
          text(x + barWidth / 2, y(v) - 5, count(v), `text-anchor="middle" font-size="${series.length > 1 ? 10 : 12}"`),
        ];
      }),
    ];
  });
}

function legend(series: readonly Series[], waitMs: number | undefined): string[] {
  const names: Record<SweepLoad, string> = {
    query: 'GET /person/first',
    waiting: `each query waiting ${waitMs} ms on the server`,
  };
  return series.flatMap(({ load, suggested }, i) => {
    const y = 66 + i * 22;
    return [
      `<rect x="${RPS_PANEL.left}" y="${y}" width="14" height="14" fill="${SERIES[load].fill}"/>`,
      `<rect x="${RPS_PANEL.left + 16}" y="${y}" width="14" height="14" fill="${SERIES[load].suggested}"/>`,
      text(
        RPS_PANEL.left + 36,
        y + 12,
        `${names[load]}; darker: POOL_SIZE=${suggested ?? '—'}, the smallest within 0.95 × its best`,
        'font-size="12"',
      ),
    ];
  });
}

export function renderSweepChart(run: DrillRun): string {
  const rows = rowsOfKind(run.rows, 'sweep');
  const waitMs = sweepWaitMs(run.rows);
  const series: Series[] = (waitMs ? (['query', 'waiting'] as const) : (['query'] as const)).map((load) => ({
    load,
    suggested: suggestedPoolSize(run.rows, load),
  }));
  const rpsOf = (row: SweepRow, load: SweepLoad) => sweepFigures(row, load)?.requestsPerSecond;
  const p99Of = (row: SweepRow, load: SweepLoad) => sweepFigures(row, load)?.latencyMs.p99;
  const max = (value: typeof rpsOf) =>
    Math.max(0, ...rows.flatMap((row) => series.map(({ load }) => value(row, load) ?? 0)));
  const rps = axes(RPS_PANEL, niceTicks(max(rpsOf) * 1.08), 'successful requests per second', 'POOL_SIZE');
  const p99 = axes(P99_PANEL, niceTicks(max(p99Of) * 1.08), 'p99 latency (ms)', 'POOL_SIZE');
  const { settings, machine } = run;
  const parts = [
    text(
      SWEEP_CHART_SIZE.width / 2,
      30,
      `Pool sizing at concurrency ${settings.concurrency}`,
      'text-anchor="middle" font-size="19" font-weight="bold"',
    ),
    text(
      SWEEP_CHART_SIZE.width / 2,
      52,
      `${settings.durationSeconds} s per size and load · ${machine.cores} cores, ${machine.cpuModel} · ${machine.dbVersion}`,
      'text-anchor="middle" font-size="12" fill="#555"',
    ),
    ...legend(series, waitMs),
    ...rps.parts,
    ...p99.parts,
    ...bars(RPS_PANEL, rows, series, rpsOf, rps.y, 'req/s'),
    ...bars(P99_PANEL, rows, series, p99Of, p99.y, 'ms p99'),
  ];
  return svgDocument(SWEEP_CHART_SIZE, 'Drill: requests per second and p99 latency per POOL_SIZE', parts);
}
