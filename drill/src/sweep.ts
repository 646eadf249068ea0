/**
 * The pool-sizing curve: the pool app at each POOL_SIZE of the sweep, same load, same run, with the
 * drill's query and (when measured) with queries that wait on the server. Its table, and the size each
 * load suggests: the smallest that comes within SWEEP_NEAR_BEST of its best throughput (more connections
 * than that only cost the server memory and threads, and lengthen the queue in the database).
 */
import { combinedLimit } from './combinedLimit';
import { findCeiling, rowsOfKind, type DrillRow, type Figures, type SweepRow } from './figures';
import { count, ms, ratio } from './format';
import { markdownTable } from './table';

export const SWEEP_NEAR_BEST = 0.95;

export const SWEEP_COLUMNS = [
  'POOL_SIZE',
  'req/s',
  '÷ best',
  'p50 ms',
  'p99 ms',
  'failed',
  'DB pattern req/s',
  '÷ combined limit',
] as const;

/** Which load of the sweep: the drill's query, or the same with each statement waiting on the server. */
export type SweepLoad = 'query' | 'waiting';

/** A sweep row's figures under `load`; undefined when that load was not measured. */
export const sweepFigures = (row: SweepRow, load: SweepLoad): Figures | undefined =>
  load === 'query' ? row.figures : row.waiting?.figures;

const best = (rows: readonly SweepRow[], load: SweepLoad) =>
  Math.max(0, ...rows.map((row) => sweepFigures(row, load)?.requestsPerSecond ?? 0));

/** The smallest POOL_SIZE within SWEEP_NEAR_BEST of the best throughput under `load`; undefined without one. */
export function suggestedPoolSize(allRows: readonly DrillRow[], load: SweepLoad = 'query'): number | undefined {
  const rows = rowsOfKind(allRows, 'sweep');
  const top = best(rows, load);
  if (top === 0) return undefined;
  return rows.find((row) => (sweepFigures(row, load)?.requestsPerSecond ?? 0) >= SWEEP_NEAR_BEST * top)?.poolSize;
}

/** The wait of the sweep's waiting load; undefined when it was not measured. */
export const sweepWaitMs = (allRows: readonly DrillRow[]) =>
  rowsOfKind(allRows, 'sweep').find((row) => row.waiting)?.waiting?.waitMs;

export function sweepTable(allRows: readonly DrillRow[]): string {
  const rows = rowsOfKind(allRows, 'sweep');
  const [top, topWaiting] = [best(rows, 'query'), best(rows, 'waiting')];
  const waitMs = sweepWaitMs(allRows);
  const http = findCeiling(allRows, 'http')?.figures.requestsPerSecond;
  const waitingColumns = waitMs ? [`req/s, ${waitMs} ms waits`, '÷ best, waits', `p99 ms, waits`] : [];
  return markdownTable(
    [...SWEEP_COLUMNS, ...waitingColumns],
    rows.map((row) => {
      const limit = http ? combinedLimit(http, row.pattern.requestsPerSecond) : 0;
      const waiting = row.waiting?.figures;
      return [
        String(row.poolSize),
        count(row.figures.requestsPerSecond),
        top ? ratio(row.figures.requestsPerSecond / top) : '—',
        ms(row.figures.latencyMs.p50),
        ms(row.figures.latencyMs.p99),
        count(row.figures.failed),
        count(row.pattern.requestsPerSecond),
        limit ? ratio(row.figures.requestsPerSecond / limit) : '—',
        ...(waitMs
          ? [
              waiting ? count(waiting.requestsPerSecond) : '—',
              waiting && topWaiting ? ratio(waiting.requestsPerSecond / topWaiting) : '—',
              waiting ? ms(waiting.latencyMs.p99) : '—',
            ]
          : []),
      ];
    }),
    () => true,
  );
}

/** The report's section, empty without a sweep. */
export function sweepSection(allRows: readonly DrillRow[], concurrency: number, chartFile: string): string[] {
  const rows = rowsOfKind(allRows, 'sweep');
  if (rows.length === 0) return [];
  const suggested = suggestedPoolSize(allRows);
  const waitMs = sweepWaitMs(allRows);
  return [
    `## Pool sizing: POOL_SIZE ${rows.map((row) => row.poolSize).join(', ')} at concurrency ${concurrency}`,
    '',
    sweepTable(allRows),
    '',
    `The smallest size within ${SWEEP_NEAR_BEST} × the best throughput: **POOL_SIZE=${suggested}**` +
      (waitMs
        ? `; with ${waitMs} ms waits on the server: **POOL_SIZE=${suggestedPoolSize(allRows, 'waiting')}**.`
        : '.'),
    "Each size ran in its own pool app; its DB pattern is the pool's check out, query, release at that size",
    'without HTTP, and the combined limit is 1 / (1/HTTP ceiling + 1/that pattern).',
    ...(waitMs
      ? [
          `With waits, each connection answers at most ${count(1000 / waitMs)} queries a second, so too small a pool`,
          'caps the app whatever the CPU allows: HikariCP\'s "spindles" term in its rule of thumb.',
        ]
      : []),
    '',
    `![requests per second and p99 latency per POOL_SIZE](${chartFile})`,
    '',
  ];
}
