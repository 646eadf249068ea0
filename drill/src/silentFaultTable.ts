/** The drill's rows for the silent faults: a table of their own, next to the load table. */
import { ms } from './format';
import { IN_TIME_SLACK_MS, type SilentFaultRow } from './silentFaultFigures';

const COLUMNS = [
  'Run',
  'Fault',
  'requests during it',
  'answered in time',
  'failed',
  'p99 ms',
  'max ms',
  'first success after',
] as const;

function cells(row: SilentFaultRow): string[] {
  return [
    row.strategy,
    `${row.mode} ${row.faultSeconds} s`,
    String(row.duringFault),
    `${row.inTime} of ${row.duringFault}`,
    String(row.failed),
    ms(row.p99Ms),
    ms(row.maxMs),
    row.recoveryMs === null ? 'none' : `${ms(row.recoveryMs)} ms`,
  ];
}

export function silentFaultTable(rows: readonly SilentFaultRow[]): string {
  const lines = [COLUMNS, COLUMNS.map(() => '---'), ...rows.map(cells)];
  return lines.map((cellsOfLine) => `| ${cellsOfLine.join(' | ')} |`).join('\n');
}

/** The report's section; nothing when the drill ran no fault phase. */
export function silentFaultSection(rows: readonly SilentFaultRow[] | undefined): string[] {
  if (!rows || rows.length === 0) return [];
  const budget = rows.find((row) => row.budgetMs !== null)?.budgetMs;
  return [
    '## When the database stops answering',
    '',
    silentFaultTable(rows),
    '',
    `- Each strategy's app under the same load while the database is cut off the network (\`partition\`: iptables DROP)`,
    '  or paused (`freeze`: docker pause), with one second of load before and until the first success after.',
    `- **answered in time**: requests waiting at some moment of the fault that got an answer (a 503 counts) within`,
    `  REQUEST_TIMEOUT_MS${budget ? ` (${budget} ms)` : ''} + ${IN_TIME_SLACK_MS / 1000} s. **failed**: anything but a 200, a missing answer included.`,
    '  **first success after**: from the fault\'s end to the first 200 of a request started after it ("none": not',
    '  within 10 s — naive never replaces the connection a deadline destroyed).',
    '',
  ];
}
