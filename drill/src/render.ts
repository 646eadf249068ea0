/**
 * latest.md from latest.json: the results table, the waits, the silent faults, the pool-sizing sweep and
 * the targets, each table as the terminal prints it too. Nothing here measures anything.
 */
import type { StrategyName } from '../../lib/settings/strategies';
import {
  combinedLimit,
  connectionsOf,
  count,
  IN_TIME_SLACK_MS,
  NEAR_BEST,
  ratio,
  serverName,
  suggestedPoolSize,
  targets,
  type DrillResults,
  type Figures,
} from './results';

export const FILES = { json: 'latest.json', report: 'latest.md', chart: 'latest.svg', sweepChart: 'pool-sizing.svg' };

/** Whole milliseconds, autocannon's resolution: <1, 12, 1,204. */
const ms = (value: number) => (value < 1 ? '<1' : Math.floor(value).toLocaleString('en-US'));

/** `value` ÷ `base`, or — with no base to divide by. */
const of = (value: number, base: number | undefined) => (base ? ratio(value / base) : '—');

/** A Markdown table with its columns padded, so that it reads in a terminal as it renders on GitHub. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, 3, ...rows.map((row) => row[i].length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** A section of the report: its heading, its table, then what a reader needs to read it. */
const section = (heading: string, table: string, ...notes: string[]) => [
  `## ${heading}`,
  '',
  table,
  '',
  ...(notes.length ? [...notes, ''] : []),
];
/** The section, when there is something to show. */
const sectionIf = (shown: unknown, ...args: Parameters<typeof section>) => (shown ? section(...args) : []);

export const CEILING_LABELS = {
  http: 'HTTP ceiling: GET /livez (no database)',
  naive: 'DB pattern of naive: one shared connection (no HTTP)',
  'per-request': 'DB pattern of per-request: connect, query, close (no HTTP)',
  pool: 'DB pattern of pool: check out, query, release (no HTTP)',
} as const;

export function resultsTable(results: DrillResults): string {
  const http = results.httpCeiling?.requestsPerSecond;
  const chaos = `kill-idle every ${results.settings.chaosIntervalMs} ms`;
  /** A row: a ceiling's has no chaos, no pattern or limit to be measured against, and no retries or kills. */
  const row = (label: string, chaosCell: string, f: Figures, strategy?: StrategyName, counts?: number[]) => {
    const [pattern, limit] = strategy
      ? [results.dbPatterns[strategy]?.requestsPerSecond, combinedLimit(results, strategy)]
      : [];
    const { p50, p99, max } = f.latencyMs;
    const rps = f.requestsPerSecond;
    const rates = [count(rps), of(rps, http), of(rps, pattern), of(rps, limit)];
    const latency = [ms(p50), ms(p99), ms(max)];
    return [label, chaosCell, ...rates, ...latency, count(f.failed), ...(counts?.map(count) ?? ['—', '—'])];
  };
  const columns = ['÷ HTTP ceiling', '÷ its DB pattern', '÷ combined limit', 'p50 ms', 'p99 ms', 'max ms'];
  return markdownTable(
    ['Run', 'Chaos', 'req/s', ...columns, 'failed', 'retried', 'kills'],
    [
      ...(results.httpCeiling ? [row(CEILING_LABELS.http, '—', results.httpCeiling)] : []),
      ...Object.entries(results.dbPatterns).map(([strategy, f]) =>
        row(CEILING_LABELS[strategy as StrategyName], '—', f),
      ),
      ...results.strategies.map((run) =>
        row(run.strategy, run.chaos ? chaos : 'none', run.figures, run.strategy, [run.retried, run.kills]),
      ),
      ...results.storm.map((run) => row(`${run.strategy}, ${run.clients} clients`, 'none', run.figures, run.strategy)),
    ],
  );
}

const failures = (failedBy: Readonly<Record<string, number>>) =>
  Object.entries(failedBy)
    .map(([kind, n]) => `${count(n)} × ${kind.includes(' ') ? kind : `503 ${kind}`}`)
    .join(', ');

function waitingSection({ settings, waiting, ...results }: DrillResults): string[] {
  const strategies = Object.keys(waiting) as (keyof typeof waiting)[];
  return sectionIf(
    strategies.length,
    `When each query waits ${settings.waitMs} ms on the server`,
    markdownTable(
      ['Strategy', 'connections', 'most they allow, req/s', 'req/s', 'p99 ms', 'failed'],
      strategies.map((strategy) => {
        const connections = connectionsOf({ settings, waiting, ...results }, strategy);
        const f = waiting[strategy]!;
        const most = count((connections * 1000) / settings.waitMs);
        return [strategy, String(connections), most, count(f.requestsPerSecond), ms(f.latencyMs.p99), count(f.failed)];
      }),
    ),
    `A connection runs one statement at a time: with each waiting ${settings.waitMs} ms, a strategy answers at most`,
    'its connections × 1000 / wait a second (never more at once than the clients). naive has one.',
  );
}

export function silentFaultTable(results: DrillResults): string {
  return markdownTable(
    ['Run', 'Fault', 'requests during it', 'answered in time', 'failed', 'p99 ms', 'max ms', 'first success after'],
    results.silentFaults.map((row) => [
      row.strategy,
      `${row.mode} ${results.settings.faultSeconds} s`,
      String(row.duringFault),
      `${row.inTime} of ${row.duringFault}`,
      String(row.failed),
      ms(row.p99Ms),
      ms(row.maxMs),
      row.recoveryMs === null ? 'none' : `${ms(row.recoveryMs)} ms`,
    ]),
  );
}

export function pairFaultTable({ pairFaults = [], settings }: DrillResults): string {
  return markdownTable(
    ['Run', 'Fault', 'writes unavailable', 'reads', 'failed reads', 'acknowledged writes', 'lost of them'],
    pairFaults.map((row) => [
      row.strategy,
      `${row.fault}, ${settings.replication ?? 'async'}`,
      row.writeUnavailableSeconds === null ? 'never back' : `${row.writeUnavailableSeconds.toFixed(1)} s`,
      count(row.reads),
      count(row.failedReads),
      count(row.ackedWrites),
      count(row.lostWrites),
    ]),
  );
}

export function sweepTable({ sweep, settings }: DrillResults): string {
  const best = (pick: (row: (typeof sweep)[number]) => Figures | null) =>
    Math.max(0, ...sweep.map((row) => pick(row)?.requestsPerSecond ?? 0));
  const [top, topWaiting] = [best((row) => row.figures), best((row) => row.waiting)];
  const waits = [`req/s, ${settings.waitMs} ms waits`, '÷ best, waits', 'p99 ms, waits'];
  return markdownTable(
    ['POOL_SIZE', 'req/s', '÷ best', 'p99 ms', 'failed, both loads', ...waits],
    sweep.map(({ poolSize, figures: f, waiting: w }) => [
      String(poolSize),
      count(f.requestsPerSecond),
      of(f.requestsPerSecond, top),
      ms(f.latencyMs.p99),
      count(f.failed + (w?.failed ?? 0)),
      ...(w ? [count(w.requestsPerSecond), of(w.requestsPerSecond, topWaiting), ms(w.latencyMs.p99)] : ['—', '—', '—']),
    ]),
  );
}

export const targetsTable = (results: DrillResults) =>
  markdownTable(
    ['Target', 'Measured', 'Result'],
    targets(results).map((t) => [t.target, t.measured, t.verdict]),
  );

export function reportMarkdown(results: DrillResults): string {
  const { machine: m, settings: s } = results;
  const checks = targets(results);
  const tally = (verdict: string) => checks.filter((t) => t.verdict === verdict).length;
  const [missed, unmeasured] = [tally('MISSED'), tally('not measured')];
  const storm = results.storm.filter((run) => run.figures.failed > 0);
  return [
    `# Drill: ${serverName(results)}, ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `- Machine: ${m.cpuModel}, ${m.cores} cores, ${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB memory; Node ${m.nodeVersion}`,
    `- Database: ${m.dbVersion} at ${m.dbAddress}`,
    `- Load: GET /person/first, ${s.concurrency} connections, ${s.durationSeconds} s per phase; POOL_SIZE=${s.poolSize}, DB_MAX_CONNECTIONS=${s.dbMaxConnections}`,
    `- Load average (1, 5, 15 min): ${s.loadAverage.before.join(' ')} at the start, ${s.loadAverage.after.join(' ')} at the end`,
    '',
    ...section(
      'Results',
      resultsTable(results),
      '**÷ combined limit**: HTTP and database work share the cores, so a strategy answers at most',
      '1 / (1/HTTP ceiling + 1/its DB pattern) a second. **retried**: reads the app retried on a fresh connection.',
      ...storm.map((run) => `- ${run.strategy}, ${run.clients} clients: ${failures(run.failedBy)}`),
      ...results.strategies
        .filter((r) => r.chaos && r.strategy !== 'naive' && r.figures.failed > 0)
        .map((r) => `- ${r.strategy} under chaos: ${failures(r.failedBy)}`),
      '',
      `![Requests per second per strategy, calm and under kill-idle, against its combined limit](${FILES.chart})`,
    ),
    ...waitingSection(results),
    ...sectionIf(
      results.silentFaults.length,
      'When the database stops answering',
      silentFaultTable(results),
      `**answered in time**: within REQUEST_TIMEOUT_MS${s.requestTimeoutMs ? ` (${count(s.requestTimeoutMs)} ms)` : ''} + ${IN_TIME_SLACK_MS / 1000} s, a 503 included. **first success after**: from`,
      "the fault's end to the first 200 (none: naive never replaces the connection its deadline destroyed).",
    ),
    ...sectionIf(
      results.pairFaults?.length,
      'When the primary changes (TOPOLOGY=primary-replica)',
      pairFaultTable(results),
      "Each strategy in the lab's app behind the endpoint, under 2 keyed writers (the same key again until a 201)",
      'and 2 readers, through one round of `make chaos MODE=failover` (a planned switchover) and of',
      '`MODE=primary-crash`. **writes unavailable**: from the first failed write to the first acknowledged one',
      'after the endpoint moved (never back: none within 10 s of the round). **lost of them**: acknowledged',
      'writes the new primary lacks.',
    ),
    ...sectionIf(
      results.sweep.length,
      `Pool sizing: POOL_SIZE ${results.sweep.map((row) => row.poolSize).join(', ')} at concurrency ${s.concurrency}`,
      sweepTable(results),
      ...(results.sweep.some((row) => row.poolSize === s.poolSize) &&
      results.strategies.some((r) => r.strategy === 'pool')
        ? [`POOL_SIZE=${s.poolSize} is the pool app of the tables above, not measured twice.`]
        : []),
      `The smallest size within ${NEAR_BEST} × the best: **POOL_SIZE=${suggestedPoolSize(results, 'plain')}**; ` +
        `with ${s.waitMs} ms waits on the server: **POOL_SIZE=${suggestedPoolSize(results, 'waiting')}**.`,
      '',
      `![Requests per second per POOL_SIZE](${FILES.sweepChart})`,
    ),
    ...sectionIf(
      results.unpipelinedNaivePattern,
      "Is it the pipelining? naive's DB pattern with the connector's pipelining off",
      markdownTable(
        ['DB pattern (no HTTP)', 'req/s', 'p99 ms'],
        [
          ['naive, pipelining on (the default)', results.dbPatterns.naive] as const,
          ['naive, pipelining off', results.unpipelinedNaivePattern] as const,
          [`pool of ${s.poolSize}`, results.dbPatterns.pool] as const,
        ].flatMap(([label, f]) => (f ? [[label, count(f.requestsPerSecond), ms(f.latencyMs.p99)]] : [])),
      ),
    ),
    ...section(
      `Targets (${tally('met')} of ${checks.length} met${missed ? `, ${missed} missed` : ''}${unmeasured ? `, ${unmeasured} not measured` : ''})`,
      targetsTable(results),
      'How to read these figures, and what they showed on MySQL and MariaDB: docs/drill.md.',
    ),
  ].join('\n');
}
