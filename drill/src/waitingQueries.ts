/**
 * Queries that wait on the server. The drill's GET /person/first costs the server microseconds, so
 * naive's one pipelined connection wins; a real query waits (a page read from disk, a lock), and a
 * connection runs one statement at a time: then a strategy answers at most min(connections,
 * concurrency) × 1 s ÷ the wait, whatever its CPU allows. This section measures that, per strategy.
 */
import type { StrategyName } from '../../lib/settings/strategies';
import { findStrategyRow, rowsOfKind, type DrillRow, type WaitingRow } from './figures';
import { count, ms, ratio } from './format';
import { markdownTable } from './table';

export const WAITING_COLUMNS = [
  'Strategy',
  'connections',
  'most they allow, req/s',
  'req/s',
  '÷ naive',
  '÷ without the wait',
  'p50 ms',
  'p99 ms',
  'failed',
] as const;

/** The most answers a second that `connections` can give when each statement waits `waitMs` (at this concurrency). */
export const connectionsAllow = (connections: number, concurrency: number, waitMs: number) =>
  (Math.min(connections, concurrency) * 1000) / waitMs;

export const findWaitingRow = (rows: readonly DrillRow[], strategy: StrategyName) =>
  rowsOfKind(rows, 'waiting').find((row) => row.strategy === strategy);

const rps = (row: WaitingRow | undefined) => row?.figures.requestsPerSecond;

export function waitingSection(rows: readonly DrillRow[], concurrency: number): string[] {
  const waiting = rowsOfKind(rows, 'waiting');
  if (waiting.length === 0) return [];
  const { waitMs } = waiting[0];
  const naive = rps(findWaitingRow(rows, 'naive'));
  const body = waiting.map((row) => {
    const calm = findStrategyRow(rows, row.strategy, false)?.figures.requestsPerSecond;
    return [
      row.strategy,
      count(row.connections),
      count(connectionsAllow(row.connections, concurrency, waitMs)),
      count(row.figures.requestsPerSecond),
      naive ? ratio(row.figures.requestsPerSecond / naive) : '—',
      calm ? ratio(row.figures.requestsPerSecond / calm) : '—',
      ms(row.figures.latencyMs.p50),
      ms(row.figures.latencyMs.p99),
      count(row.figures.failed),
    ];
  });
  return [
    `## When each query waits ${waitMs} ms on the server: GET /lab/slow-person?ms=${waitMs}`,
    '',
    markdownTable(WAITING_COLUMNS, body, (i) => i > 0),
    '',
    ...comparison(rows, waitMs),
    `The same load, each statement now waiting ${waitMs} ms on the server (\`SLEEP\`), as a query that reads a`,
    'page from disk or waits for a lock does. A connection runs one statement at a time, so each gives at most',
    `${count(1000 / waitMs)} answers a second, and a strategy at most min(its connections, the ${concurrency} clients) times that,`,
    "whatever its CPU allows (**most they allow**): naive's pipelining saves CPU, but its statements still",
    'run one after another.',
    '',
  ];
}

/** The sentence that compares the pool with naive with and without the wait; none without both. */
function comparison(rows: readonly DrillRow[], waitMs: number): string[] {
  const [naive, pool] = [rps(findWaitingRow(rows, 'naive')), rps(findWaitingRow(rows, 'pool'))];
  const [naiveCalm, poolCalm] = (['naive', 'pool'] as const).map(
    (strategy) => findStrategyRow(rows, strategy, false)?.figures.requestsPerSecond,
  );
  if (!naive || !pool || !naiveCalm || !poolCalm) return [];
  return [
    `Without the wait the pool answered ${ratio(poolCalm / naiveCalm)} × as often as naive; with ${waitMs} ms waits,`,
    `${ratio(pool / naive)} × (${count(pool)} against ${count(naive)} req/s).`,
    '',
  ];
}
