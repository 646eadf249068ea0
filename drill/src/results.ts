/**
 * What one drill run measured, as written to latest.json, and what follows from it (combined limits, the
 * suggested pool size, the targets): the report and charts render from it alone, so again without measuring.
 */
import type { StrategyName } from '../../lib/settings/strategies';

export interface Figures {
  /** Successful answers (2xx, or queries that returned) per second. */
  readonly requestsPerSecond: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
}

export interface StrategyRun {
  readonly strategy: StrategyName;
  readonly chaos: boolean;
  readonly figures: Figures;
  /** Requests the app retried on a fresh connection (db_retries_total over the phase). */
  readonly retried: number;
  /** Connections the kill-idle chaos killed during the phase. */
  readonly kills: number;
  /** The failed requests by what the app answered (db_errors_total by kind over the phase). */
  readonly failedBy: Readonly<Record<string, number>>;
}

export interface SilentFaultRun {
  readonly strategy: StrategyName;
  readonly mode: 'partition' | 'freeze';
  /** Requests that were waiting at some moment of the fault. */
  readonly duringFault: number;
  /** Of those, answered (any status) within REQUEST_TIMEOUT_MS + IN_TIME_SLACK_MS. */
  readonly inTime: number;
  /** Of those, anything but a 200, a missing answer included. */
  readonly failed: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** From the fault's end to the first success of a request started after it; null: none came. */
  readonly recoveryMs: number | null;
}

export const PAIR_FAULTS = ['failover', 'primary-crash'] as const;
export type PairFault = (typeof PAIR_FAULTS)[number];

/** TOPOLOGY=primary-replica: one strategy through one round of a chaos mode that moves the primary. */
export interface PairFaultRun {
  readonly strategy: StrategyName;
  readonly fault: PairFault;
  /** From the first failed write to the first acknowledged one after the endpoint moved; null: none came. */
  readonly writeUnavailableSeconds: number | null;
  readonly reads: number;
  readonly failedReads: number;
  /** Keyed writes answered 201 (each key sent again until it was). */
  readonly ackedWrites: number;
  /** Of those, the ones the new primary lacks. */
  readonly lostWrites: number;
}

export interface DrillResults {
  readonly startedAt: string;
  readonly machine: {
    readonly cpuModel: string;
    readonly cores: number;
    readonly memoryBytes: number;
    readonly nodeVersion: string;
    readonly dbVersion: string;
    readonly dbAddress: string;
  };
  readonly settings: {
    readonly concurrency: number;
    readonly durationSeconds: number;
    readonly chaosIntervalMs: number;
    readonly waitMs: number;
    readonly faultSeconds: number;
    readonly poolSize: number;
    readonly dbMaxConnections: number;
    /** The apps' REQUEST_TIMEOUT_MS; null with DB_TIMEOUTS=off. */
    readonly requestTimeoutMs: number | null;
    /** Load average (1, 5, 15 min) when the run started and when it ended: how quiet the machine was. */
    readonly loadAverage: { readonly before: readonly number[]; readonly after: readonly number[] };
    /** TOPOLOGY=primary-replica: how the primary waits for its replica; absent for one server. */
    readonly replication?: 'async' | 'semi-sync';
  };
  /** The same Koa app answering GET /livez, which never touches the database. */
  readonly httpCeiling: Figures | null;
  /** Each strategy's way of using the database, without HTTP (dbPatterns.ts). */
  readonly dbPatterns: Partial<Record<StrategyName, Figures>>;
  readonly strategies: readonly StrategyRun[];
  /** Each strategy with every statement waiting `settings.waitMs` on the server. */
  readonly waiting: Partial<Record<StrategyName, Figures>>;
  readonly sweep: readonly { readonly poolSize: number; readonly figures: Figures; readonly waiting: Figures | null }[];
  readonly silentFaults: readonly SilentFaultRun[];
  /** --storm N: many more clients than connections. */
  readonly storm: readonly (Omit<StrategyRun, 'chaos' | 'retried' | 'kills'> & { readonly clients: number })[];
  /** --pipelining: naive's DB pattern with the connector's pipelining off, beside the pipelined one and the pool's. */
  readonly unpipelinedNaivePattern: Figures | null;
  /** TOPOLOGY=primary-replica: each strategy through a failover and a primary crash (absent for one server). */
  readonly pairFaults?: readonly PairFaultRun[];
}

/** Slack on top of REQUEST_TIMEOUT_MS for "answered in time": the event loop, the way back, a busy machine. */
export const IN_TIME_SLACK_MS = 1000;
/** Each strategy should reach this share of its combined limit. */
export const NEAR_LIMIT = 0.8;
/** The sweep suggests the smallest POOL_SIZE within this share of the best throughput. */
export const NEAR_BEST = 0.95;

/**
 * HTTP and database work share the same cores, so their times per request add up: a strategy can
 * answer at most 1 / (1/HTTP ceiling + 1/its DB pattern) requests per second.
 */
export function combinedLimit(results: DrillResults, strategy: StrategyName): number | undefined {
  const http = results.httpCeiling?.requestsPerSecond;
  const pattern = results.dbPatterns[strategy]?.requestsPerSecond;
  return http && pattern ? 1 / (1 / http + 1 / pattern) : undefined;
}

/** "MySQL 9.7.4": the server that answered, without the version string it reported. */
export const serverName = (results: DrillResults) => results.machine.dbVersion.replace(/ \(.*/, '');

export const findRun = (results: Pick<DrillResults, 'strategies'>, strategy: StrategyName, chaos: boolean) =>
  results.strategies.find((run) => run.strategy === strategy && run.chaos === chaos);

/** The smallest POOL_SIZE within NEAR_BEST of the best throughput, plain or with waits; undefined without one. */
export function suggestedPoolSize(results: DrillResults, load: 'plain' | 'waiting'): number | undefined {
  const rps = (row: DrillResults['sweep'][number]) =>
    (load === 'plain' ? row.figures : row.waiting)?.requestsPerSecond ?? 0;
  const best = Math.max(0, ...results.sweep.map(rps));
  return best > 0 ? results.sweep.find((row) => rps(row) >= NEAR_BEST * best)?.poolSize : undefined;
}

/** The most answers a second a strategy's connections allow when each statement waits waitMs: connections × 1000 / waitMs. */
export function connectionsOf(results: DrillResults, strategy: StrategyName): number {
  const { poolSize, dbMaxConnections, concurrency } = results.settings;
  const most = { naive: 1, 'per-request': dbMaxConnections, pool: poolSize }[strategy];
  return Math.min(most, concurrency); // never more statements at once than clients
}

export type Verdict = 'met' | 'MISSED' | 'not measured';
export interface Target {
  readonly target: string;
  /** The figures the verdict comes from, as the report prints them. */
  readonly measured: string;
  readonly verdict: Verdict;
  /** The value compared with the threshold, for the tests; null when not measured. */
  readonly value: number | null;
}

/** 12,345: whole numbers with thousands separators, in the report, the charts and the targets. */
export const count = (value: number) => Math.round(value).toLocaleString('en-US');
const rps = (value: number) => `${count(value)} req/s`;
export const ratio = (value: number) =>
  value < 0.1 ? value.toFixed(3) : value < 10 ? value.toFixed(2) : value.toFixed(1);

function check(target: string, value: number | undefined, met: (value: number) => boolean, measured: string): Target {
  if (value === undefined || !Number.isFinite(value))
    return { target, measured: 'not in this run', verdict: 'not measured', value: null };
  return { target, measured, verdict: met(value) ? 'met' : 'MISSED', value };
}

/** `part` ÷ `whole` (both req/s) at least `least`; `vs` joins them in the figures ("of" a limit, "vs" naive's). */
function share(target: string, least: number, part: number | undefined, whole: number | undefined, vs = 'vs') {
  const value = part !== undefined && whole ? part / whole : undefined;
  const measured = `${ratio(value ?? 0)} × (${rps(part ?? 0)} ${vs} ${rps(whole ?? 0)})`;
  return check(target, value, (v) => v >= least, measured);
}

const poolAgainstNaive = (target: string, pool: Figures | undefined, naive: Figures | undefined) =>
  share(target, 1, pool?.requestsPerSecond, naive?.requestsPerSecond);

/** The targets of one run, each with the figures its verdict comes from. naive under chaos is meant to fail. */
export function targets(results: DrillResults): Target[] {
  const { poolSize, waitMs, requestTimeoutMs } = results.settings;
  const nearLimit = (strategy: StrategyName, chaos: boolean): Target => {
    const target = `${strategy}${chaos ? ' under chaos' : ''} ≥ ${NEAR_LIMIT} × its combined limit`;
    const run = findRun(results, strategy, chaos)?.figures.requestsPerSecond;
    return share(target, NEAR_LIMIT, run, combinedLimit(results, strategy), 'of');
  };
  const failsNothing = (strategy: StrategyName): Target => {
    const run = findRun(results, strategy, true);
    const measured = run
      ? `${count(run.figures.failed)} failed, ${count(run.retried)} retried, ${count(run.kills)} kills`
      : '';
    return check(`${strategy} under chaos fails 0 requests`, run?.figures.failed, (v) => v === 0, measured);
  };
  const naive = findRun(results, 'naive', true);
  const silent = results.silentFaults.filter((row) => row.strategy !== 'naive');
  const [unpiped, pool] = [results.unpipelinedNaivePattern, results.dbPatterns.pool];
  return [
    nearLimit('naive', false),
    nearLimit('per-request', false),
    nearLimit('per-request', true),
    nearLimit('pool', false),
    nearLimit('pool', true),
    failsNothing('per-request'),
    failsNothing('pool'),
    check(
      "naive under chaos fails (the lesson's broken strategy)",
      naive?.figures.failed,
      (v) => v > 0,
      naive
        ? `${count(naive.figures.failed)} of ${count(naive.figures.failed + naive.figures.succeeded)} failed, ${count(naive.kills)} kills`
        : '',
    ),
    poolAgainstNaive(
      `pool (POOL_SIZE=${poolSize}) ≥ naive, no chaos`,
      findRun(results, 'pool', false)?.figures,
      findRun(results, 'naive', false)?.figures,
    ),
    poolAgainstNaive(
      `pool (POOL_SIZE=${poolSize}) ≥ naive, each query waiting ${waitMs} ms`,
      results.waiting.pool,
      results.waiting.naive,
    ),
    check(
      `per-request and pool answer every request within REQUEST_TIMEOUT_MS + ${IN_TIME_SLACK_MS / 1000} s while the database is silent, and serve again`,
      silent.length > 0 && requestTimeoutMs !== null
        ? silent.filter((row) => row.inTime < row.duringFault || row.recoveryMs === null).length
        : undefined,
      (v) => v === 0,
      silent
        .map(
          (r) =>
            `${r.strategy} ${r.mode} ${r.inTime} of ${r.duringFault}${r.recoveryMs === null ? ' never again' : ''}`,
        )
        .join(', '),
    ),
    ...(unpiped ? [poolAgainstNaive("pool's DB pattern ≥ naive's with pipelining off", pool, unpiped)] : []),
  ];
}
