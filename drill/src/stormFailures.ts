/**
 * What the failed requests of a phase met (the connection storm's, and a surviving strategy's under
 * chaos): the app answers each failure with a kind of the error taxonomy (too-many-connections from the
 * server, pool-exhausted from the app's own limit, ...), and counts them in db_errors_total{kind}; the
 * drill takes the difference over the phase.
 */
import { rowsOfKind, type DrillRow, type StormRow } from './figures';
import { count } from './format';

const OTHER = 'no answer or another error';

/** db_errors_total by kind, from the text of /metrics. */
export function errorsByKind(metricsText: string): Record<string, number> {
  const byKind: Record<string, number> = {};
  for (const match of metricsText.matchAll(/^db_errors_total\{kind="([^"]+)"\}\s+(\S+)$/gm))
    byKind[match[1]] = Number(match[2]);
  return byKind;
}

/** What each kind added during the phase; failures the app counted under none (timeouts, resets) as OTHER. */
export function stormFailures(
  before: Record<string, number>,
  after: Record<string, number>,
  failed: number,
): Record<string, number> {
  const added: Record<string, number> = {};
  for (const [kind, value] of Object.entries(after)) {
    const delta = value - (before[kind] ?? 0);
    if (delta > 0) added[kind] = delta;
  }
  const other = failed - Object.values(added).reduce((sum, n) => sum + n, 0);
  if (other > 0) added[OTHER] = other;
  return added;
}

const kinds = (failedBy: Readonly<Record<string, number>>) =>
  Object.entries(failedBy)
    .map(([kind, n]) => `${count(n)} × ${kind === OTHER ? kind : `503 ${kind}`}`)
    .join(', ');

/** One line per strategy for the report: how its storm ended. */
export function stormNote(allRows: readonly DrillRow[]): string[] {
  const rows = allRows.filter((row): row is StormRow => row.kind === 'storm');
  if (rows.length === 0) return [];
  return [
    `Connection storm, ${rows[0].clients} clients at once, each asking again as soon as it has its answer:`,
    // The app also counts the answers to requests still in flight when the load stopped: they may add up to more.
    ...rows.map(
      (row) =>
        `- ${row.strategy}: ${
          row.figures.failed === 0
            ? 'every answer 200'
            : `${count(row.figures.failed)} failed (what the app answered over the phase: ${kinds(row.failedBy)})`
        }`,
    ),
    '',
  ];
}

/** per-request and pool should fail nothing under chaos: when one did, a line says what the app answered. */
export function chaosFailuresNote(rows: readonly DrillRow[]): string[] {
  const failing = rowsOfKind(rows, 'strategy').filter(
    (row) => row.chaos && row.strategy !== 'naive' && row.figures.failed > 0,
  );
  if (failing.length === 0) return [];
  return [
    'Failed under chaos:',
    ...failing.map(
      (row) =>
        `- ${row.strategy}: ${count(row.figures.failed)} failed (what the app answered over the phase: ${kinds(row.failedBy)})`,
    ),
    '',
  ];
}
