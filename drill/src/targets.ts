/**
 * The targets, checked against one run. Each says what was measured, so a miss explains itself.
 * A target whose rows were not measured (a run with --strategies) is "not measured", never "met".
 */
import type { StrategyName } from '../../lib/settings/strategies';
import { findCeiling, findStrategyRow, type DrillRow } from './figures';
import { count, mebibytes, percentChange, plural, ratio } from './format';
import { markdownTable } from './table';

export type TargetStatus = 'met' | 'missed' | 'not measured';

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly status: TargetStatus;
}

/** The bare prototype (per-request without our abstractions), measured at concurrency 32 for the issue. */
export const PROTOTYPE = { perRequestRps: 1000, httpCeilingRps: 16_200 } as const;
export const PROTOTYPE_RATIO = PROTOTYPE.perRequestRps / PROTOTYPE.httpCeilingRps;

export const LIMITS = {
  poolOfHttpCeiling: 0.35,
  poolOverPerRequest: 4,
  chaosKeepsThroughput: 0.9,
  rssBytes: 150 * 1024 * 1024,
  prototypeRatioTolerance: 0.1,
} as const;

const notMeasured = (target: string): TargetCheck => ({ target, measured: 'not in this run', status: 'not measured' });
const verdict = (met: boolean): TargetStatus => (met ? 'met' : 'missed');
const rps = (value: number) => `${count(value)} req/s`;

function poolAgainstHttpCeiling(rows: readonly DrillRow[]): TargetCheck {
  const target = `pool ≥ ${LIMITS.poolOfHttpCeiling} × HTTP ceiling`;
  const pool = findStrategyRow(rows, 'pool', false);
  const http = findCeiling(rows, 'http');
  if (!pool || !http) return notMeasured(target);
  const value = pool.figures.requestsPerSecond / http.figures.requestsPerSecond;
  return {
    target,
    measured: `${ratio(value)} × (${rps(pool.figures.requestsPerSecond)} of ${rps(http.figures.requestsPerSecond)})`,
    status: verdict(value >= LIMITS.poolOfHttpCeiling),
  };
}

function poolAgainstPerRequest(rows: readonly DrillRow[]): TargetCheck {
  const target = `pool ≥ ${LIMITS.poolOverPerRequest} × per-request`;
  const pool = findStrategyRow(rows, 'pool', false);
  const perRequest = findStrategyRow(rows, 'per-request', false);
  if (!pool || !perRequest) return notMeasured(target);
  const value = pool.figures.requestsPerSecond / perRequest.figures.requestsPerSecond;
  return {
    target,
    measured: `${ratio(value)} × (${rps(pool.figures.requestsPerSecond)} vs ${rps(perRequest.figures.requestsPerSecond)})`,
    status: verdict(value >= LIMITS.poolOverPerRequest),
  };
}

function keepsThroughputUnderChaos(rows: readonly DrillRow[], strategy: StrategyName): TargetCheck {
  const target = `${strategy} under chaos ≥ ${LIMITS.chaosKeepsThroughput} × its own throughput without`;
  const calm = findStrategyRow(rows, strategy, false);
  const chaos = findStrategyRow(rows, strategy, true);
  if (!calm || !chaos) return notMeasured(target);
  const value = chaos.figures.requestsPerSecond / calm.figures.requestsPerSecond;
  return {
    target,
    measured: `${ratio(value)} × (${rps(chaos.figures.requestsPerSecond)} vs ${rps(calm.figures.requestsPerSecond)})`,
    status: verdict(value >= LIMITS.chaosKeepsThroughput),
  };
}

function failsNothingUnderChaos(rows: readonly DrillRow[], strategy: StrategyName): TargetCheck {
  const target = `${strategy} under chaos fails 0 requests`;
  const chaos = findStrategyRow(rows, strategy, true);
  if (!chaos) return notMeasured(target);
  return {
    target,
    measured: `${count(chaos.figures.failed)} failed, ${count(chaos.retried)} retried, ${plural(chaos.kills, 'kill')}`,
    status: verdict(chaos.figures.failed === 0),
  };
}

function naiveFailsUnderChaos(rows: readonly DrillRow[]): TargetCheck {
  const target = "naive under chaos fails (the lesson's broken strategy)";
  const chaos = findStrategyRow(rows, 'naive', true);
  if (!chaos) return notMeasured(target);
  const total = chaos.figures.failed + chaos.figures.succeeded;
  return {
    target,
    measured: `${count(chaos.figures.failed)} of ${count(total)} requests failed, after ${plural(chaos.kills, 'kill')}`,
    status: verdict(chaos.figures.failed > 0),
  };
}

function memoryAtTheEnd(rows: readonly DrillRow[]): TargetCheck {
  const target = `app RSS ≤ ${mebibytes(LIMITS.rssBytes)} MB at the end`;
  // The last row of each strategy: its memory when its load ended.
  const last = new Map<StrategyName, number>();
  for (const row of rows) if (row.kind === 'strategy') last.set(row.strategy, row.rssBytes);
  if (last.size === 0) return notMeasured(target);
  const measured = [...last].map(([strategy, bytes]) => `${strategy} ${mebibytes(bytes)} MB`).join(', ');
  return { target, measured, status: verdict([...last.values()].every((bytes) => bytes <= LIMITS.rssBytes)) };
}

/** Our per-request may be at most 10% slower than the bare prototype, both relative to their HTTP ceilings. */
function perRequestLikeThePrototype(rows: readonly DrillRow[]): TargetCheck {
  const target =
    `per-request ÷ HTTP ceiling ≥ ${1 - LIMITS.prototypeRatioTolerance} × the bare prototype's ${ratio(PROTOTYPE_RATIO)}` +
    ` (${count(PROTOTYPE.perRequestRps)} of ${count(PROTOTYPE.httpCeilingRps)} req/s)`;
  const perRequest = findStrategyRow(rows, 'per-request', false);
  const http = findCeiling(rows, 'http');
  if (!perRequest || !http) return notMeasured(target);
  const value = perRequest.figures.requestsPerSecond / http.figures.requestsPerSecond;
  return {
    target,
    measured: `${ratio(value)} (${percentChange(value, PROTOTYPE_RATIO)} vs the prototype)`,
    status: verdict(value >= PROTOTYPE_RATIO * (1 - LIMITS.prototypeRatioTolerance)),
  };
}

export function checkTargets(rows: readonly DrillRow[]): TargetCheck[] {
  return [
    poolAgainstHttpCeiling(rows),
    poolAgainstPerRequest(rows),
    keepsThroughputUnderChaos(rows, 'per-request'),
    failsNothingUnderChaos(rows, 'per-request'),
    keepsThroughputUnderChaos(rows, 'pool'),
    failsNothingUnderChaos(rows, 'pool'),
    naiveFailsUnderChaos(rows),
    memoryAtTheEnd(rows),
    perRequestLikeThePrototype(rows),
  ];
}

// Words rather than symbols: they align in a terminal, and a miss stands out in capitals.
const MARK: Record<TargetStatus, string> = { met: 'met', missed: 'MISSED', 'not measured': 'not measured' };

export function targetsTable(checks: readonly TargetCheck[]): string {
  return markdownTable(
    ['Target', 'Measured', 'Result'],
    checks.map((check) => [check.target, check.measured, MARK[check.status]]),
    () => false,
  );
}
