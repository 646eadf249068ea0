/**
 * "Where the CPU went": µs of CPU per answer by process (cpuMeter.ts), for the ceilings and the
 * strategies without chaos. A strategy's parts are an HTTP answer (the HTTP ceiling's row) plus one
 * query of its DB pattern: what it costs beyond them is what the combined limit does not foresee.
 */
import type { StrategyName } from '../../lib/settings/strategies';
import { findCeiling, findStrategyRow, type CpuUse, type DrillRow, type Figures } from './figures';
import { count, ratio, reads } from './format';
import { CEILING_LABELS, markdownTable } from './table';

/** µs of CPU per answer in every process that was measured. */
export const cpuTotal = (cpu: CpuUse) => (cpu.app ?? 0) + (cpu.db ?? 0) + (cpu.proxy ?? 0) + cpu.drill;

/**
 * A strategy's answer in parts, each measured alone, by the process that does that work in the app:
 * the app's HTTP work (the HTTP ceiling's app) plus its connector calls (the DB pattern's client, in
 * the drill); the database server and docker-proxy of the DB pattern; the HTTP ceiling's load generator.
 */
export function partsByProcess(rows: readonly DrillRow[], strategy: StrategyName): CpuUse | undefined {
  const http = findCeiling(rows, 'http')?.figures.cpu;
  const pattern = findCeiling(rows, strategy)?.figures.cpu;
  if (!http || !pattern) return undefined;
  const add = (a: number | null, b: number | null) => (a === null && b === null ? null : (a ?? 0) + (b ?? 0));
  return {
    app: add(http.app, pattern.drill),
    db: add(http.db, pattern.db),
    proxy: add(http.proxy, pattern.proxy),
    drill: http.drill,
    appReads: null,
  };
}

/** An HTTP answer plus a query of the strategy's DB pattern, each measured alone: µs of CPU. */
export function cpuOfParts(rows: readonly DrillRow[], strategy: StrategyName): number | undefined {
  const parts = partsByProcess(rows, strategy);
  return parts && cpuTotal(parts);
}

/** "420 µs against 262 for its parts alone: app 183 against 114, …": where an answer cost more than its parts. */
export function cpuAgainstParts(cpu: CpuUse, parts: CpuUse): string {
  const each = (
    [
      ['app', cpu.app, parts.app],
      ['database server', cpu.db, parts.db],
      ['docker-proxy', cpu.proxy, parts.proxy],
      ['load generator', cpu.drill, parts.drill],
    ] as const
  ).flatMap(([name, whole, alone]) =>
    whole === null || alone === null ? [] : [`${name} ${count(whole)} against ${count(alone)}`],
  );
  return `${count(cpuTotal(cpu))} µs against ${count(cpuTotal(parts))} for its parts alone: ${each.join(', ')}`;
}

const us = (value: number | null) => (value === null ? '—' : count(value));

interface CpuLine {
  readonly label: string;
  readonly figures: Figures;
  readonly cpu: CpuUse;
  readonly parts?: number;
}

function lines(rows: readonly DrillRow[]): CpuLine[] {
  const ceilings = rows.flatMap((row) =>
    row.kind === 'ceiling' && row.figures.cpu
      ? [{ label: CEILING_LABELS[row.ceiling], figures: row.figures, cpu: row.figures.cpu }]
      : [],
  );
  const strategies = rows.flatMap((row) =>
    row.kind === 'strategy' && !row.chaos && row.figures.cpu
      ? [{ label: row.strategy, figures: row.figures, cpu: row.figures.cpu, parts: cpuOfParts(rows, row.strategy) }]
      : [],
  );
  return [...ceilings, ...strategies];
}

export function cpuSection(rows: readonly DrillRow[], cores: number): string[] {
  const measured = lines(rows);
  if (measured.length === 0) return [];
  const table = markdownTable(
    [
      'Run',
      'req/s',
      'app',
      'database server',
      'docker-proxy',
      'drill',
      'total',
      'its parts alone',
      '÷ parts',
      'app reads per answer',
    ],
    measured.map(({ label, figures, cpu, parts }) => [
      label,
      count(figures.requestsPerSecond),
      us(cpu.app),
      us(cpu.db),
      us(cpu.proxy),
      us(cpu.drill),
      count(cpuTotal(cpu)),
      parts === undefined ? '—' : count(parts),
      parts === undefined ? '—' : ratio(cpuTotal(cpu) / parts),
      reads(cpu.appReads),
    ]),
    (i) => i > 0,
  );
  return [
    '## Where the CPU went: µs of CPU per successful answer',
    '',
    table,
    '',
    `CPU time of each process over the phase (/proc), divided by its successful answers. ${cores} cores`,
    `give ${count(cores * 1e6)} µs of CPU per second: a row whose total is T µs answers at most ${count(cores * 1e6)} / T`,
    'times a second. **drill** is the load generator (autocannon) in the HTTP rows and the client loops in the',
    "DB patterns. **its parts alone**: an HTTP answer (the HTTP ceiling's row) plus one query of the strategy's",
    'DB pattern. **app reads per answer**: the read system calls the app made, one for the HTTP request and the',
    "rest for the database's replies.",
    '',
    ...poolVersusNaive(rows),
  ];
}

/** Why the pool is slower than naive, when it is: the CPU of an answer and the reads it took, side by side. */
export function poolVersusNaive(rows: readonly DrillRow[]): string[] {
  const pool = findStrategyRow(rows, 'pool', false)?.figures;
  const naive = findStrategyRow(rows, 'naive', false)?.figures;
  if (!pool?.cpu || !naive?.cpu || pool.requestsPerSecond >= naive.requestsPerSecond) return [];
  const side = (name: string, cpu: CpuUse) =>
    `${name} ${count(cpuTotal(cpu))} µs (app ${us(cpu.app)}, database ${us(cpu.db)}, docker-proxy ${us(cpu.proxy)})`;
  return [
    `The pool answers ${ratio(pool.requestsPerSecond / naive.requestsPerSecond)} × as often as naive because each`,
    `of its answers costs more CPU: ${side('pool', pool.cpu)} against ${side('naive', naive.cpu)}.`,
    `The app made ${reads(pool.cpu.appReads)} reads per answer with the pool and ${reads(naive.cpu.appReads)} with naive:`,
    "naive's one connection carries every request's query at once (the connector pipelines them), so one",
    'read brings back several replies, and the database server and docker-proxy spend less per query too.',
    'A pooled connection carries one query at a time: every query is a round trip of its own.',
    ...(rows.some((row) => row.kind === 'unpipelined')
      ? ['The next section tests this: the same naive app with its pipelining switched off.']
      : []),
    ...(rows.some((row) => row.kind === 'profile')
      ? ["The app's share of it, function by function, is in the CPU profiles below."]
      : []),
    '',
  ];
}
