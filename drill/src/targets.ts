/**
 * The targets, checked against one run: each strategy against the limit its own connection
 * pattern allows on this machine (combinedLimit.ts). Each says what was measured, so a miss explains
 * itself. A target whose rows were not measured (a run with --strategies) is "not measured", never "met".
 */
import type { StrategyName } from '../../lib/settings/strategies';
import { strategyLimit } from './combinedLimit';
import { rankings } from './composedComparison';
import { findStrategyRow, type DrillRow, type Figures } from './figures';
import { count, mebibytes, percent, plural, ratio } from './format';
import { instrumentationCost, MAX_INSTRUMENTATION_COST } from './instrumentationCost';
import { markdownTable } from './table';
import { findUnpipelinedRow } from './pipelining';
import { findWaitingRow } from './waitingQueries';

export type TargetStatus = 'met' | 'missed' | 'not measured';

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly status: TargetStatus;
}

export const LIMITS = {
  /** Every strategy at least this share of its combined limit (combinedLimit.ts), with and without chaos. */
  ofCombinedLimit: 0.8,
  rssBytes: 150 * 1024 * 1024,
} as const;

const notMeasured = (target: string): TargetCheck => ({ target, measured: 'not in this run', status: 'not measured' });
const verdict = (met: boolean): TargetStatus => (met ? 'met' : 'missed');
const rps = (value: number) => `${count(value)} req/s`;

function nearItsLimit(rows: readonly DrillRow[], strategy: StrategyName, chaos: boolean): TargetCheck {
  const target = `${strategy}${chaos ? ' under chaos' : ''} ≥ ${LIMITS.ofCombinedLimit} × its combined limit`;
  const row = findStrategyRow(rows, strategy, chaos);
  const limit = strategyLimit(rows, strategy);
  if (!row || !limit) return notMeasured(target);
  const value = row.figures.requestsPerSecond / limit;
  return {
    target,
    measured: `${ratio(value)} × (${rps(row.figures.requestsPerSecond)} of ${rps(limit)})`,
    status: verdict(value >= LIMITS.ofCombinedLimit),
  };
}

/** The pool's throughput against naive's, under the same load: met when the pool is not slower. */
function poolAgainstNaive(
  target: string,
  pool: { figures: Figures } | undefined,
  naive: { figures: Figures } | undefined,
) {
  if (!pool || !naive) return notMeasured(target);
  const [poolRps, naiveRps] = [pool.figures.requestsPerSecond, naive.figures.requestsPerSecond];
  const value = poolRps / naiveRps;
  return { target, measured: `${ratio(value)} × (${rps(poolRps)} vs ${rps(naiveRps)})`, status: verdict(value >= 1) };
}

const poolNotSlowerThanNaive = (rows: readonly DrillRow[], poolSize: number): TargetCheck =>
  poolAgainstNaive(
    `pool (POOL_SIZE=${poolSize}) ≥ naive, no chaos`,
    findStrategyRow(rows, 'pool', false),
    findStrategyRow(rows, 'naive', false),
  );

/** The same comparison when each query waits on the server: what a pool is for. */
function poolNotSlowerWhenQueriesWait(rows: readonly DrillRow[], poolSize: number): TargetCheck {
  const [pool, naive] = [findWaitingRow(rows, 'pool'), findWaitingRow(rows, 'naive')];
  const waitMs = pool?.waitMs ?? naive?.waitMs ?? 'N';
  return poolAgainstNaive(
    `pool (POOL_SIZE=${poolSize}) ≥ naive, each query waiting ${waitMs} ms on the server`,
    pool,
    naive,
  );
}

/**
 * The test of the reason for a miss of the one above: against naive with the connector's pipelining off,
 * which runs one statement at a time on its connection as the pool does, the pool is not slower.
 */
const poolNotSlowerThanUnpipelinedNaive = (rows: readonly DrillRow[], poolSize: number): TargetCheck =>
  poolAgainstNaive(
    `pool (POOL_SIZE=${poolSize}) ≥ naive with DB_PIPELINING=off, no chaos`,
    findStrategyRow(rows, 'pool', false),
    findUnpipelinedRow(rows),
  );

function instrumentationIsCheap(rows: readonly DrillRow[]): TargetCheck {
  const target = `the lab's instrumentation costs ≤ ${percent(MAX_INSTRUMENTATION_COST)} of the throughput`;
  const cost = instrumentationCost(rows);
  if (!cost) return notMeasured(target);
  return {
    target,
    measured: `${percent(cost.cost)} (${cost.strategy}: ${rps(cost.onRps)} on, ${rps(cost.offRps)} off)`,
    status: verdict(cost.cost <= MAX_INSTRUMENTATION_COST),
  };
}

function composedRanksLikeHost(rows: readonly DrillRow[]): TargetCheck {
  const target = 'the composed app ranks the strategies as the host apps do';
  const ranked = rankings(rows);
  if (!ranked) return notMeasured(target);
  return {
    target,
    measured: `host ${ranked.host.join(' > ')}; composed ${ranked.composed.join(' > ')}`,
    status: verdict(ranked.host.join() === ranked.composed.join()),
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

/** naive under chaos is not held to its limit: failing there is the lesson (naiveFailsUnderChaos). */
export function checkTargets(rows: readonly DrillRow[], poolSize: number): TargetCheck[] {
  return [
    nearItsLimit(rows, 'naive', false),
    nearItsLimit(rows, 'per-request', false),
    nearItsLimit(rows, 'per-request', true),
    nearItsLimit(rows, 'pool', false),
    nearItsLimit(rows, 'pool', true),
    poolNotSlowerThanNaive(rows, poolSize),
    poolNotSlowerThanUnpipelinedNaive(rows, poolSize),
    poolNotSlowerWhenQueriesWait(rows, poolSize),
    failsNothingUnderChaos(rows, 'per-request'),
    failsNothingUnderChaos(rows, 'pool'),
    naiveFailsUnderChaos(rows),
    memoryAtTheEnd(rows),
    instrumentationIsCheap(rows),
    composedRanksLikeHost(rows),
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
