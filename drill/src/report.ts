/** latest.md: when and where the drill ran, the results table, the targets, and how to read them. */
import { findCeiling, type DrillRow, type DrillRun } from './figures';
import { count } from './format';
import { stormNote } from './stormFailures';
import { resultsTable } from './table';
import { targetsTable, type TargetCheck } from './targets';

const gibibytes = (bytes: number) => (bytes / 1024 ** 3).toFixed(1);

export function reportMarkdown(run: DrillRun, checks: readonly TargetCheck[], chartFile: string): string {
  const { settings: s, machine: m } = run;
  const missed = checks.filter((check) => check.status === 'missed').length;
  return [
    '# Drill: the three connection strategies under load and chaos',
    '',
    `- Date: ${run.startedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC`,
    `- Machine: ${m.cpuModel}, ${m.cores} cores, ${gibibytes(m.memoryBytes)} GiB memory; Node ${m.nodeVersion}`,
    `- Database: ${m.dbVersion} at ${m.dbAddress}`,
    `- Load: GET /person/first with autocannon, concurrency ${s.concurrency}, ${s.durationSeconds} s per phase` +
      (s.warmupSeconds > 0 ? ` (after ${s.warmupSeconds} s of unmeasured warm-up per app)` : ''),
    `- Chaos: every ${s.chaosIntervalMs} ms, KILL every sleeping connection of \`${s.chaosTargetUser}\`, however briefly it slept`,
    ...(s.stormClients > 0
      ? [`- Connection storm: after its other phases, each app gets ${s.stormClients} clients at once, no chaos`]
      : []),
    `- App settings: ${
      Object.entries(s.appTuning)
        .map(([name, value]) => `${name}=${value}`)
        .join(', ') || "the app's defaults"
    }`,
    ...(s.note ? [`- Note: ${s.note}`] : []),
    '',
    '## Results',
    '',
    resultsTable(run.rows, s.chaosIntervalMs),
    '',
    ...stormNote(run.rows),
    `## Targets (${checks.length - missed} of ${checks.length} met${missed ? `, ${missed} missed` : ''})`,
    '',
    targetsTable(checks),
    '',
    ...databaseBoundNote(run.rows),
    `![requests per second and failures per strategy](${chartFile})`,
    '',
    '## How to read it',
    '',
    '- **req/s** counts successful (2xx) answers per second: a strategy that answers 503 quickly is not fast.',
    '- **÷ HTTP ceiling**: the same Koa app answering GET /livez, which never touches the database.',
    '  **÷ DB ceiling**: the same SELECT through the same connector without HTTP, on a pool of',
    `  ${s.concurrency} connections with ${s.concurrency} concurrent loops. The ratios move much less than the absolute`,
    '  numbers when the machine is busy, so compare those between runs.',
    "- **p50 / p99 / max**: latency of every answer (failed ones too) in whole milliseconds, autocannon's resolution.",
    '- **failed**: non-2xx answers plus connection errors and timeouts. **retried**: requests whose read the app',
    '  retried on a fresh connection (`db_retries_total` from /metrics over the phase). **kills**: connections the',
    '  chaos killed during the phase. **app RSS**: VmRSS of the app process at the end of the phase, right after the',
    '  load: about 40 MB of it is the node binary mapped in memory, and V8 collects a busy heap lazily.',
    '- **pool ÷ per-request** is mostly the price of a new connection (TCP, login, a server thread), which per-request',
    "  pays on every request and the pool once per connection: high behind Docker's port proxy or across a network,",
    '  low against a server on the same host. The pool itself is bounded by its size (POOL_SIZE queries at a time).',
    '- **N clients** rows: the connection storm, far more clients than connections. naive queues them all on its one',
    '  connection; per-request opens at most DB_MAX_CONNECTIONS (50) and the pool POOL_SIZE, and a request that waits',
    '  longer than POOL_ACQUIRE_TIMEOUT_MS for one answers a fast 503 pool-exhausted. Without that limit, per-request',
    '  opened a connection per client and the server refused the ones past its max_connections (too-many-connections).',
    '- Each strategy ran in its own app process (`node dist/app/src/server.js`), first without chaos, then with it;',
    '  the load generator, the chaos and the database ceiling ran in the drill process, on the same machine.',
    '',
  ].join('\n');
}

/**
 * When the database path is slower than HTTP itself, no strategy can come near the HTTP ceiling:
 * the targets against it then measure the path to the database, and the report says so.
 */
export function databaseBoundNote(rows: readonly DrillRow[]): string[] {
  const http = findCeiling(rows, 'http')?.figures.requestsPerSecond;
  const db = findCeiling(rows, 'db')?.figures.requestsPerSecond;
  if (http === undefined || db === undefined || db >= http) return [];
  return [
    `In this run the database ceiling (${count(db)} req/s) is below the HTTP ceiling (${count(http)} req/s): the path to`,
    "the database, not the app, bounds every strategy (behind Docker's port proxy, one more process copies every",
    'byte on the same cores). The targets against the HTTP ceiling then measure that path; compare ÷ DB ceiling.',
    '',
  ];
}
