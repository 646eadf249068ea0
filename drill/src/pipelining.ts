/**
 * Is it the pipelining? On the drill's trivial query naive answers faster than the pool, and the CPU
 * table points at the connector's pipelining: every request's statement is in flight on naive's one
 * connection together, and one read brings back several replies. This section tests that: the same
 * naive app with DB_PIPELINING=off runs one statement at a time on its connection, as a pooled
 * connection does. If the pool then answers faster, pipelining was the difference.
 */
import { findStrategyRow, rowsOfKind, type DrillRow, type Figures } from './figures';
import { cpuTotal } from './cpuSection';
import { count, ms, ratio, reads } from './format';
import { markdownTable } from './table';

export const findUnpipelinedRow = (rows: readonly DrillRow[]) => rowsOfKind(rows, 'unpipelined')[0];

export const PIPELINING_COLUMNS = [
  'Run',
  'req/s',
  '÷ naive',
  'app reads per answer',
  'CPU µs per answer',
  'p50 ms',
  'p99 ms',
  'failed',
] as const;

/** ", with 2.02 app reads per answer instead of 1.20": where both were counted. */
function readsBeside(unpipelined: Figures, naive: Figures): string {
  const [off, on] = [unpipelined.cpu?.appReads ?? null, naive.cpu?.appReads ?? null];
  return off === null || on === null ? '' : `, with ${reads(off)} app reads per answer instead of ${reads(on)}`;
}

/** What the three throughputs say about the pool's gap to naive, when it has one. */
function verdict(poolRps: number, onRps: number, offRps: number): string[] {
  if (poolRps >= onRps) return ['The pool is not slower than naive here: there is no gap to explain.'];
  if (poolRps < offRps)
    return ['The pool is slower even than naive without pipelining: pipelining does not explain all of its gap.'];
  return [
    "So the pool's gap to naive is the pipelining: one connection carrying every request's statement at",
    'once. A pool gives each request a connection of its own (a transaction or a session setting of one',
    "request never meets another's statements), so each of its statements is a round trip of its own.",
  ];
}

export function pipeliningSection(rows: readonly DrillRow[], poolSize: number): string[] {
  const unpipelined = findUnpipelinedRow(rows)?.figures;
  const naive = findStrategyRow(rows, 'naive', false)?.figures;
  const pool = findStrategyRow(rows, 'pool', false)?.figures;
  if (!unpipelined || !naive || !pool) return [];
  const line = (label: string, figures: Figures) => [
    label,
    count(figures.requestsPerSecond),
    ratio(figures.requestsPerSecond / naive.requestsPerSecond),
    reads(figures.cpu?.appReads ?? null),
    figures.cpu ? count(cpuTotal(figures.cpu)) : '—',
    ms(figures.latencyMs.p50),
    ms(figures.latencyMs.p99),
    count(figures.failed),
  ];
  const table = markdownTable(
    PIPELINING_COLUMNS,
    [
      line('naive (DB_PIPELINING=on, the default)', naive),
      line('naive, DB_PIPELINING=off', unpipelined),
      line(`pool (POOL_SIZE=${poolSize})`, pool),
    ],
    (i) => i > 0,
  );
  const [onRps, offRps, poolRps] = [naive, unpipelined, pool].map((figures) => figures.requestsPerSecond);
  return [
    "## Is it the pipelining? naive with the connector's pipelining off",
    '',
    table,
    '',
    'The same load on a naive app started with DB_PIPELINING=off: its one connection now sends a statement',
    "only after the answer to the one before, as each of the pool's connections does.",
    `Without pipelining naive answered ${ratio(offRps / onRps)} × as often as with it${readsBeside(unpipelined, naive)};`,
    `the pool answered ${ratio(poolRps / offRps)} × as often as naive without pipelining.`,
    ...verdict(poolRps, onRps, offRps),
    '',
  ];
}
