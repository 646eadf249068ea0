/** The results as one Markdown table: readable in a terminal as printed, and rendered on GitHub. */
import { strategyLimit } from './combinedLimit';
import { findCeiling, type CeilingRow, type DrillRow, type StormRow, type StrategyRow } from './figures';
import { count, mebibytes, ms, ratio } from './format';

export const COLUMNS = [
  'Run',
  'Chaos',
  'req/s',
  '÷ HTTP ceiling',
  '÷ its DB pattern',
  '÷ combined limit',
  'p50 ms',
  'p99 ms',
  'max ms',
  'failed',
  'retried',
  'kills',
  'app RSS MB',
] as const;

export const CEILING_LABELS = {
  http: 'HTTP ceiling: GET /livez (no database)',
  naive: 'DB pattern of naive: one shared connection (no HTTP)',
  'per-request': 'DB pattern of per-request: connect, query, close (no HTTP)',
  pool: 'DB pattern of pool: check out, query, release (no HTTP)',
} as const;

type ResultRow = CeilingRow | StrategyRow | StormRow;

export function rowLabel(row: ResultRow): string {
  if (row.kind === 'storm') return `${row.strategy}, ${row.clients} clients`;
  return row.kind === 'ceiling' ? CEILING_LABELS[row.ceiling] : row.strategy;
}

export function chaosLabel(row: ResultRow, chaosIntervalMs: number): string {
  if (row.kind === 'ceiling') return '—';
  if (row.kind === 'storm') return 'none';
  return row.chaos ? `kill-idle every ${chaosIntervalMs} ms` : 'none';
}

function cells(row: ResultRow, rows: readonly DrillRow[], chaosIntervalMs: number): string[] {
  const { figures } = row;
  const against = (reference: number | undefined) => (reference ? ratio(figures.requestsPerSecond / reference) : '—');
  // The database pattern a row is measured against: its strategy's (a ceiling row: its own).
  const pattern = row.kind === 'ceiling' ? row.ceiling : row.strategy;
  const strategy = row.kind === 'strategy' ? row : undefined;
  return [
    rowLabel(row),
    chaosLabel(row, chaosIntervalMs),
    count(figures.requestsPerSecond),
    against(findCeiling(rows, 'http')?.figures.requestsPerSecond),
    pattern === 'http' ? '—' : against(findCeiling(rows, pattern)?.figures.requestsPerSecond),
    pattern === 'http' || row.kind === 'ceiling' ? '—' : against(strategyLimit(rows, pattern)),
    ms(figures.latencyMs.p50),
    ms(figures.latencyMs.p99),
    ms(figures.latencyMs.max),
    count(figures.failed),
    strategy ? count(strategy.retried) : '—',
    strategy ? count(strategy.kills) : '—',
    row.rssBytes === null ? '—' : mebibytes(row.rssBytes),
  ];
}

/** Columns padded to equal width, numbers right-aligned: the same text reads well raw and rendered. */
export function markdownTable(
  header: readonly string[],
  body: readonly string[][],
  rightAligned: (column: number) => boolean,
): string {
  const widths = header.map((title, i) => Math.max(title.length, ...body.map((cellsOfRow) => cellsOfRow[i].length)));
  const pad = (text: string, i: number) => (rightAligned(i) ? text.padStart(widths[i]) : text.padEnd(widths[i]));
  const line = (texts: readonly string[]) => `| ${texts.map(pad).join(' | ')} |`;
  const rule = `|${widths.map((width, i) => (rightAligned(i) ? `${'-'.repeat(width + 1)}:` : `:${'-'.repeat(width + 1)}`)).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

/** Ceilings first, then each strategy without and with chaos, in the order measured, then the storms. */
export function resultsTable(rows: readonly DrillRow[], chaosIntervalMs: number): string {
  const ordered = (['ceiling', 'strategy', 'storm'] as const).flatMap((kind) =>
    rows.filter((row): row is ResultRow => row.kind === kind),
  );
  return markdownTable(
    COLUMNS,
    ordered.map((row) => cells(row, rows, chaosIntervalMs)),
    (i) => i >= 2,
  );
}
