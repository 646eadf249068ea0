/**
 * The app as the learner runs it (in its container on the compose network) beside the drill's host
 * processes: do both rank the strategies the same way? The absolute numbers differ (the container
 * reaches the database on the compose network, not through the published port; its HTTP goes through
 * Docker's port proxy), so the ranking and the ratios are what carries over. Beside them, the
 * sockets each phase left in TIME_WAIT in the container: the ports per-request uses up there.
 */
import type { StrategyName } from '../../lib/settings/strategies';
import { COMPOSE_DB_PORT } from './composedApp';
import { findCeiling, findStrategyRow, rowsOfKind, type ComposedRow, type DrillRow } from './figures';
import { count, ratio } from './format';
import { markdownTable } from './table';
import { portsIn } from './timeWait';

/** The strategies without chaos, fastest first, as measured by `rps`; those without a figure left out. */
function ranking(strategies: readonly StrategyName[], rps: (strategy: StrategyName) => number | undefined) {
  return strategies.filter((strategy) => rps(strategy) !== undefined).sort((a, b) => rps(b)! - rps(a)!);
}

const findComposed = (rows: readonly DrillRow[], strategy: StrategyName | 'http', chaos: boolean) =>
  rowsOfKind(rows, 'composed').find((row) => row.strategy === strategy && row.chaos === chaos);
const composedRps = (rows: readonly DrillRow[], strategy: StrategyName | 'http', chaos: boolean) =>
  findComposed(rows, strategy, chaos)?.figures.requestsPerSecond;

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
  const line = (label: string, host: number | undefined, composed: ComposedRow | undefined) => {
    const rps = composed?.figures.requestsPerSecond;
    return [
      label,
      host === undefined ? '—' : count(host),
      rps === undefined ? '—' : count(rps),
      host && rps !== undefined ? ratio(rps / host) : '—',
      composed?.ports ? count(composed.ports.timeWait) : '—',
    ];
  };
  const body = [
    line(
      'HTTP ceiling: GET /livez',
      findCeiling(rows, 'http')?.figures.requestsPerSecond,
      findComposed(rows, 'http', false),
    ),
    ...ranked.composed.flatMap((strategy) =>
      [false, true].map((chaos) =>
        line(
          `${strategy}${chaos ? ', kill-idle chaos' : ''}`,
          findStrategyRow(rows, strategy, chaos)?.figures.requestsPerSecond,
          findComposed(rows, strategy, chaos),
        ),
      ),
    ),
  ];
  return [
    `## The composed app: the lab's app container${appUrl ? ` (${appUrl})` : ''}, recreated with each strategy`,
    '',
    markdownTable(
      ['Run', 'host req/s', 'composed req/s', 'composed ÷ host', 'TIME_WAIT to the database'],
      body,
      (i) => i > 0,
    ),
    '',
    `Without chaos, fastest first: host ${ranked.host.join(' > ')}; composed ${ranked.composed.join(' > ')}.`,
    '',
    ...timeWaitNote(rows),
  ];
}

/**
 * What the TIME_WAIT column means, with the container's port range and the most any phase left;
 * nothing when no phase counted them.
 */
function timeWaitNote(rows: readonly DrillRow[]): string[] {
  const counted = rowsOfKind(rows, 'composed').filter((row) => row.ports);
  const range = counted.find((row) => row.ports!.range)?.ports!.range;
  if (counted.length === 0) return [];
  const most = counted.reduce((a, b) => (b.ports!.timeWait > a.ports!.timeWait ? b : a));
  const share = range
    ? ` of the ${count(portsIn(range))} ephemeral ports (${range.low}–${range.high}) it connects from`
    : '';
  return [
    `**TIME_WAIT to the database**: right after each phase, the app container's sockets towards db:${COMPOSE_DB_PORT}`,
    'in TIME_WAIT. The side that closes a TCP connection keeps its port for a minute; per-request closes one',
    `connection per answer. The most: ${count(most.ports!.timeWait)}${share}, after`,
    `${most.strategy}${most.chaos ? ' with kill-idle chaos' : ''}. When they fill the range, each connect searches`,
    'longer for a free port, and the next phase starts with what the last one left. On the host, Linux reuses',
    'such ports on loopback (net.ipv4.tcp_tw_reuse = 2): the host rows do not pay for it. A pool keeps its',
    'connections: it leaves TIME_WAIT only where the chaos or a connection lifetime replaced one.',
    '',
  ];
}
