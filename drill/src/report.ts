/** latest.md: when and where the drill ran, the results table, the targets, each section, and how to read them. */
import { composedSection } from './composedComparison';
import { cpuSection } from './cpuSection';
import type { DrillRun } from './figures';
import { instrumentationSection } from './instrumentationCost';
import { limitsNote } from './limitsNote';
import { pipeliningSection } from './pipelining';
import { profileSection } from './profileSection';
import { chaosFailuresNote, stormNote } from './stormFailures';
import { sweepSection } from './sweep';
import { resultsTable } from './table';
import { targetsTable, type TargetCheck } from './targets';
import { waitingSection } from './waitingQueries';

const gibibytes = (bytes: number) => (bytes / 1024 ** 3).toFixed(1);

export interface ReportFiles {
  readonly chart: string;
  readonly sweepChart: string;
}

export interface ReportContext {
  readonly files: ReportFiles;
  /** The composed app's URL, when it was measured. */
  readonly composedUrl?: string;
}

export function reportMarkdown(
  run: DrillRun,
  checks: readonly TargetCheck[],
  { files, composedUrl }: ReportContext,
): string {
  const { settings: s, machine: m } = run;
  const tally = (status: TargetCheck['status']) => checks.filter((check) => check.status === status).length;
  const [met, missed, notMeasured] = [tally('met'), tally('missed'), tally('not measured')];
  const load = (values: readonly number[]) => values.map((value) => value.toFixed(2)).join(' ');
  return [
    '# Drill: the three connection strategies under load and chaos',
    '',
    `- Date: ${run.startedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC`,
    `- Machine: ${m.cpuModel}, ${m.cores} cores, ${gibibytes(m.memoryBytes)} GiB memory; Node ${m.nodeVersion}`,
    `- Load average (1, 5, 15 min): ${load(s.loadAverage.before)} at the start, ${load(s.loadAverage.after)} at the end`,
    `- Database: ${m.dbVersion} at ${m.dbAddress}`,
    `- Load: GET /person/first with autocannon, concurrency ${s.concurrency}, ${s.durationSeconds} s per phase` +
      (s.warmupSeconds > 0 ? ` (after ${s.warmupSeconds} s of unmeasured warm-up per app)` : ''),
    `- Chaos: every ${s.chaosIntervalMs} ms, KILL every sleeping connection of \`${s.chaosTargetUser}\`, however briefly it slept`,
    ...(s.stormClients > 0
      ? [
          `- Connection storm: after its other phases, each strategy gets ${s.stormClients} clients at once, no chaos, on a fresh app`,
        ]
      : []),
    `- App settings: ${
      Object.entries(s.appTuning)
        .map(([name, value]) => `${name}=${value}`)
        .join(', ') || "the app's defaults"
    } (POOL_SIZE ${s.poolSize} in the strategy rows and the pool's DB pattern)`,
    ...(s.note ? [`- Note: ${s.note}`] : []),
    '',
    '## Results',
    '',
    resultsTable(run.rows, s.chaosIntervalMs),
    '',
    ...chaosFailuresNote(run.rows),
    ...stormNote(run.rows),
    `## Targets (${met} of ${checks.length} met${missed ? `, ${missed} missed` : ''}${notMeasured ? `, ${notMeasured} not measured` : ''})`,
    '',
    targetsTable(checks),
    '',
    ...limitsNote(run.rows),
    `![requests per second and failures per strategy](${files.chart})`,
    '',
    ...cpuSection(run.rows, m.cores),
    ...pipeliningSection(run.rows, s.poolSize),
    ...profileSection(run.rows),
    ...waitingSection(run.rows, s.concurrency),
    ...instrumentationSection(run.rows),
    ...sweepSection(run.rows, s.concurrency, files.sweepChart),
    ...composedSection(run.rows, composedUrl),
    '## How to read it',
    '',
    '- **req/s** counts successful (2xx) answers per second: a strategy that answers 503 quickly is not fast.',
    '- **÷ HTTP ceiling**: the same Koa app answering GET /livez, which never touches the database.',
    "  **÷ its DB pattern**: the strategy's own way of using the database, without HTTP, with the same",
    `  ${s.concurrency} concurrent loops: naive's one shared connection with every query in flight on it together,`,
    "  per-request's connect, query and close, the pool's check out, query and release on a pool of POOL_SIZE.",
    '  **÷ combined limit**: HTTP and database work share the same cores, so their times per request add up;',
    '  a strategy can answer at most 1 / (1/HTTP ceiling + 1/its DB pattern) requests per second.',
    '  The ratios move much less than the absolute numbers when the machine is busy: compare those between runs.',
    "- **p50 / p99 / max**: latency of every answer (failed ones too) in whole milliseconds, autocannon's resolution.",
    '- **failed**: non-2xx answers plus connection errors and timeouts. **retried**: requests whose read the app',
    '  retried on a fresh connection (`db_retries_total` from /metrics over the phase). **kills**: connections the',
    '  chaos killed during the phase. **app RSS**: VmRSS of the app process at the end of the phase, right after the',
    '  load: about 40 MB of it is the node binary mapped in memory, and V8 collects a busy heap lazily.',
    '- **N clients** rows: the connection storm, far more clients than connections. naive queues them all on its one',
    '  connection; per-request opens at most DB_MAX_CONNECTIONS (50) and the pool POOL_SIZE, and a request that waits',
    '  longer than POOL_ACQUIRE_TIMEOUT_MS for one answers a fast 503 pool-exhausted.',
    '- Each strategy (and each POOL_SIZE of the sweep) ran in its own app process (`node dist/app/src/server.js`) on',
    "  the host, against the database's published port; the load generator, the chaos and the DB patterns ran in the",
    "  drill process, on the same machine. The composed rows measure the lab's own app container instead.",
    '',
  ].join('\n');
}
