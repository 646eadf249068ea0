/**
 * The app as the learner runs it (in its container on the compose network) beside the drill's host
 * processes: do both rank the strategies the same way? The absolute numbers differ (the container
 * reaches the database on the compose network, not through the published port; its HTTP goes through
 * Docker's port proxy), so the ranking and the ratios are what carries over.
 */
import type { StrategyName } from '../../lib/settings/strategies';
import { findCeiling, findStrategyRow, rowsOfKind, type DrillRow } from './figures';
import { count, ratio } from './format';
import { markdownTable } from './table';

/** The strategies without chaos, fastest first, as measured by `rps`; those without a figure left out. */
function ranking(strategies: readonly StrategyName[], rps: (strategy: StrategyName) => number | undefined) {
  return strategies.filter((strategy) => rps(strategy) !== undefined).sort((a, b) => rps(b)! - rps(a)!);
}

const composedRps = (rows: readonly DrillRow[], strategy: StrategyName | 'http', chaos: boolean) =>
  rowsOfKind(rows, 'composed').find((row) => row.strategy === strategy && row.chaos === chaos)?.figures
    .requestsPerSecond;

export interface Rankings {
  readonly host: readonly StrategyName[];
  readonly composed: readonly StrategyName[];
}

/** Both rankings of the strategies measured composed; undefined when the composed app was not measured. */
export function rankings(rows: readonly DrillRow[]): Rankings | undefined {
  const strategies = [
    ...new Set(rowsOfKind(rows, 'composed').flatMap((row) => (row.strategy === 'http' ? [] : [row.strategy]))),
  ];
  if (strategies.length === 0) return undefined;
  return {
    host: ranking(strategies, (strategy) => findStrategyRow(rows, strategy, false)?.figures.requestsPerSecond),
    composed: ranking(strategies, (strategy) => composedRps(rows, strategy, false)),
  };
}

export function composedSection(rows: readonly DrillRow[], appUrl: string | undefined): string[] {
  const ranked = rankings(rows);
  if (!ranked) return [];
  const line = (label: string, host: number | undefined, composed: number | undefined) => [
    label,
    host === undefined ? '—' : count(host),
    composed === undefined ? '—' : count(composed),
    host && composed !== undefined ? ratio(composed / host) : '—',
  ];
  const body = [
    line(
      'HTTP ceiling: GET /livez',
      findCeiling(rows, 'http')?.figures.requestsPerSecond,
      composedRps(rows, 'http', false),
    ),
    ...ranked.composed.flatMap((strategy) =>
      [false, true].map((chaos) =>
        line(
          `${strategy}${chaos ? ', kill-idle chaos' : ''}`,
          findStrategyRow(rows, strategy, chaos)?.figures.requestsPerSecond,
          composedRps(rows, strategy, chaos),
        ),
      ),
    ),
  ];
  return [
    `## The composed app: the lab's app container${appUrl ? ` (${appUrl})` : ''}, recreated with each strategy`,
    '',
    markdownTable(['Run', 'host req/s', 'composed req/s', 'composed ÷ host'], body, (i) => i > 0),
    '',
    `Without chaos, fastest first: host ${ranked.host.join(' > ')}; composed ${ranked.composed.join(' > ')}.`,
    '',
  ];
}
