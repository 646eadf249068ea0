/**
 * The pool-sizing curve: the pool app at each POOL_SIZE of the sweep, same load, same run. Its table,
 * and the size it suggests: the smallest that comes within SWEEP_NEAR_BEST of the best throughput (more
 * connections than that only cost the server memory and threads, and lengthen the queue in the database).
 */
import { combinedLimit } from './combinedLimit';
import { findCeiling, rowsOfKind, type DrillRow, type SweepRow } from './figures';
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

const best = (rows: readonly SweepRow[]) => Math.max(0, ...rows.map((row) => row.figures.requestsPerSecond));

/** The smallest POOL_SIZE within SWEEP_NEAR_BEST of the best throughput; undefined without a sweep. */
export function suggestedPoolSize(allRows: readonly DrillRow[]): number | undefined {
  const rows = rowsOfKind(allRows, 'sweep');
  const top = best(rows);
  return rows.find((row) => row.figures.requestsPerSecond >= SWEEP_NEAR_BEST * top)?.poolSize;
}

export function sweepTable(allRows: readonly DrillRow[]): string {
  const rows = rowsOfKind(allRows, 'sweep');
  const top = best(rows);
  const http = findCeiling(allRows, 'http')?.figures.requestsPerSecond;
  return markdownTable(
    SWEEP_COLUMNS,
    rows.map((row) => {
      const limit = http ? combinedLimit(http, row.pattern.requestsPerSecond) : 0;
      return [
        String(row.poolSize),
        count(row.figures.requestsPerSecond),
        top ? ratio(row.figures.requestsPerSecond / top) : '—',
        ms(row.figures.latencyMs.p50),
        ms(row.figures.latencyMs.p99),
        count(row.figures.failed),
        count(row.pattern.requestsPerSecond),
        limit ? ratio(row.figures.requestsPerSecond / limit) : '—',
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
  return [
    `## Pool sizing: POOL_SIZE ${rows.map((row) => row.poolSize).join(', ')} at concurrency ${concurrency}`,
    '',
    sweepTable(allRows),
    '',
    `The smallest size within ${SWEEP_NEAR_BEST} × the best throughput: **POOL_SIZE=${suggested}**. Each size ran in its`,
    "own pool app; its DB pattern is the pool's check out, query, release at that size without HTTP, and the",
    'combined limit is 1 / (1/HTTP ceiling + 1/that pattern).',
    '',
    `![requests per second and p99 latency per POOL_SIZE](${chartFile})`,
    '',
  ];
}
