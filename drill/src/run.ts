/**
 * The drill's phases, in order, and running them: the ceilings (HTTP, then each strategy's DB pattern), each
 * strategy calm, with queries that wait on the server and under kill-idle (which breaks naive: last), the
 * sweep, the silent faults. Each phase names its app, started for its first phase and stopped after its last.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { serverInfo, serverLabel } from '../../lib/db/serverInfo';
import { readDbTimeouts } from '../../lib/settings/dbTimeouts';
import type { HostLab } from '../../lib/settings/hostLab';
import { waitingPersonPath } from '../../lib/settings/queryWaits';
import {
  DEFAULT_DB_MAX_CONNECTIONS,
  DEFAULT_POOL_SIZE,
  STRATEGIES,
  type StrategyName,
} from '../../lib/settings/strategies';
import { failuresBy, startDrillApp, type DrillApp } from './app';
import { measureDbPattern, serverVersion } from './dbPatterns';
import { startKillIdleChaos } from './killIdleChaos';
import { httpLoad } from './load';
import type { DrillOptions } from './options';
import { measurePairFault } from './pairFaults';
import { findRun, PAIR_FAULTS, type DrillResults, type Figures } from './results';
import { measureSilentFault, SILENT_FAULT_MODES } from './silentFaults';

export interface DrillEnvironment {
  readonly repoRoot: string;
  /** The lab as the host reaches it; with TOPOLOGY=primary-replica, its app and both servers for the failover rows. */
  readonly lab: HostLab;
  /** App tuning variables (POOL_SIZE...) for every app process. */
  readonly appTuning: Readonly<Record<string, string>>;
  /** A progress line on stderr. */
  readonly say: (line: string) => void;
}

/** The app a phase talks to: phases with the same key share one process. */
interface AppSpec {
  readonly key: string;
  readonly strategy: StrategyName;
  readonly tuning?: Readonly<Record<string, string>>;
  /** false: no warm-up before its first phase. */
  readonly warmup?: false;
}

interface Phase {
  readonly label: string;
  /** How long it takes, about: for the "left" in the progress lines. */
  readonly seconds: number;
  readonly app: AppSpec | null;
  measure(app: DrillApp | undefined): Promise<void>;
}

/** Each strategy and each POOL_SIZE again with queries that wait this long on the server (an ordinary query's wait). */
const WAIT_MS = 1;
const loadAverage = () => loadavg().map((value) => Number(value.toFixed(2)));
const minutes = (seconds: number) =>
  seconds >= 60
    ? `${Math.floor(seconds / 60)} min ${String(Math.round(seconds % 60)).padStart(2, '0')} s`
    : `${Math.round(seconds)} s`;

export async function runDrill(options: DrillOptions, env: DrillEnvironment): Promise<DrillResults> {
  const { lab: db, appTuning, say } = env;
  const startedAt = new Date().toISOString();
  const loadBefore = loadAverage();
  const timeouts = readDbTimeouts(appTuning);
  const requestTimeoutMs = timeouts.enabled ? timeouts.requestTimeoutMs : null;
  const poolSize = Number(appTuning.POOL_SIZE ?? DEFAULT_POOL_SIZE);
  const load = { concurrency: options.concurrency, durationSeconds: options.durationSeconds };
  const dbVersion = await serverVersion(db);
  const results = {
    httpCeiling: null as Figures | null,
    dbPatterns: {} as Partial<Record<StrategyName, Figures>>,
    strategies: [] as DrillResults['strategies'][number][],
    waiting: {} as Partial<Record<StrategyName, Figures>>,
    sweep: [] as DrillResults['sweep'][number][],
    silentFaults: [] as DrillResults['silentFaults'][number][],
    storm: [] as DrillResults['storm'][number][],
    unpipelinedNaivePattern: null as Figures | null,
    pairFaults: options.pair ? ([] as NonNullable<DrillResults['pairFaults']>[number][]) : undefined,
  };

  const pattern = (strategy: StrategyName, pipelining = true) =>
    measureDbPattern(strategy, db, load, { poolSize, pipelining });
  /** GET /person/first, with kill-idle chaos exactly while the load runs, and what the app counted meanwhile. */
  const underLoad = async (app: DrillApp, chaos: boolean, concurrency = options.concurrency) => {
    const before = await app.counters();
    const killing = chaos ? await startKillIdleChaos(db, options.chaosIntervalMs, say) : undefined;
    const figures = await httpLoad(`${app.url}/person/first`, { ...load, concurrency });
    const kills = (await killing?.stop()) ?? 0;
    const after = await app.counters();
    const failedBy = failuresBy(before.errors, after.errors, figures.failed);
    return { figures, retried: after.retries - before.retries, kills, failedBy };
  };
  const waiting = (app: DrillApp) => httpLoad(`${app.url}${waitingPersonPath(WAIT_MS)}`, load);

  const d = options.durationSeconds;
  const phases: Phase[] = [];
  const warmed = new Set<string>();
  const add = (label: string, app: AppSpec | null, seconds: number, measure: Phase['measure']) => {
    // Each app's first phase comes after an unmeasured warm-up (JIT, first connections).
    if (app && app.warmup !== false && options.warmupSeconds > 0 && !warmed.has(app.key)) {
      warmed.add(app.key);
      const path = app.key === 'ceiling' ? '/livez' : '/person/first';
      phases.push({
        label: `warm-up of the ${app.key} app (not measured)`,
        seconds: options.warmupSeconds,
        app,
        measure: (a) =>
          httpLoad(`${a!.url}${path}`, { ...load, durationSeconds: options.warmupSeconds }).then(() => undefined),
      });
    }
    phases.push({ label, seconds, app, measure });
  };
  const strategyRun = (strategy: StrategyName, chaos: boolean) => async (a: DrillApp | undefined) =>
    void results.strategies.push({ strategy, chaos, ...(await underLoad(a!, chaos)) });

  add('HTTP ceiling: GET /livez', { key: 'ceiling', strategy: 'per-request' }, d, async (app) => {
    results.httpCeiling = await httpLoad(`${app!.url}/livez`, load);
  });
  for (const strategy of STRATEGIES)
    add(`DB pattern of ${strategy}: the SELECT through the connector, no HTTP`, null, d, async () => {
      results.dbPatterns[strategy] = await pattern(strategy);
    });
  for (const strategy of STRATEGIES) {
    const app = { key: strategy, strategy };
    add(`${strategy}, no chaos`, app, d, strategyRun(strategy, false));
    add(`${strategy}, queries that wait ${WAIT_MS} ms on the server`, app, d, async (a) => {
      results.waiting[strategy] = await waiting(a!);
    });
    add(`${strategy}, with kill-idle chaos`, app, d, strategyRun(strategy, true));
  }
  const clients = options.stormClients;
  if (clients > 0)
    for (const strategy of STRATEGIES)
      add(`${strategy}, connection storm: ${clients} clients`, { key: `${strategy} storm`, strategy }, d, async (a) => {
        const { figures, failedBy } = await underLoad(a!, false, clients);
        results.storm.push({ strategy, clients, figures, failedBy });
      });
  if (options.pipelining)
    add("DB pattern of naive with the connector's pipelining off", null, d, async () => {
      results.unpipelinedNaivePattern = await pattern('naive', false);
    });
  for (const size of options.sweepPoolSizes) {
    // The lab's own POOL_SIZE is the pool app measured above, under the same loads: not measured twice.
    if (size === poolSize) {
      add(`POOL_SIZE=${size}: the pool app's rows above`, null, 0, async () => {
        const { figures } = findRun(results, 'pool', false)!;
        results.sweep.push({ poolSize: size, figures, waiting: results.waiting.pool ?? null });
      });
      continue;
    }
    const app = { key: `pool of ${size}`, strategy: 'pool' as const, tuning: { POOL_SIZE: String(size) } };
    add(`POOL_SIZE=${size}: the pool app, then with ${WAIT_MS} ms waits`, app, 2 * d, async (a) => {
      const figures = await httpLoad(`${a!.url}/person/first`, load);
      results.sweep.push({ poolSize: size, figures, waiting: await waiting(a!) });
    });
  }
  const { concurrency, faultSeconds } = options;
  const faults = { db, concurrency, faultSeconds, requestTimeoutMs, note: say };
  if (faultSeconds > 0)
    for (const strategy of STRATEGIES)
      for (const mode of SILENT_FAULT_MODES)
        // A fresh app each time: what one fault left (naive's destroyed connection) must not count in the next.
        // Its second of load before the fault is its warm-up.
        add(
          `${strategy}, ${mode} for ${faultSeconds} s`,
          { key: `${strategy} ${mode}`, strategy, warmup: false },
          faultSeconds + 2,
          async (a) => void results.silentFaults.push(await measureSilentFault(a!, mode, faults)),
        );

  // Last: each changes the primary, and restarts the lab's app with the strategy it measures.
  if (options.pair)
    for (const fault of PAIR_FAULTS)
      for (const strategy of STRATEGIES)
        add(
          `${strategy}, one ${fault} of the replicated lab (its app, make chaos MODE=${fault})`,
          null,
          fault === 'failover' ? 40 : 150,
          async () => void results.pairFaults?.push(await measurePairFault(strategy, fault, db, say)),
        );

  // The apps' logs: thrown away after a good run, kept (and named) when something failed.
  const logDir = await mkdtemp(join(tmpdir(), 'simplerr-drill-'));
  let completed = false;
  let app: DrillApp | undefined;
  let appKey: string | null = null;
  try {
    for (const [index, phase] of phases.entries()) {
      if ((phase.app?.key ?? null) !== appKey) {
        await app?.stop();
        app = undefined;
        appKey = phase.app?.key ?? null;
        if (phase.app)
          app = await startDrillApp({
            repoRoot: env.repoRoot,
            strategy: phase.app.strategy,
            db,
            tuning: { ...appTuning, ...phase.app.tuning },
            logFile: join(logDir, `${phase.app.key.replace(/\W+/g, '-')}.log`),
          });
      }
      const left = phases.slice(index).reduce((sum, p) => sum + p.seconds, 0);
      say(`[${index + 1}/${phases.length}] ${phase.label}: ${minutes(phase.seconds)} (drill: ${minutes(left)} left)`);
      await phase.measure(app);
    }
    completed = true;
  } finally {
    await app?.stop();
    if (completed) await rm(logDir, { recursive: true, force: true });
    else say(`the apps' logs are in ${logDir}`);
  }
  const cores = cpus();
  return {
    startedAt,
    machine: {
      cpuModel: cores[0]?.model.trim() || 'unknown CPU',
      cores: cores.length,
      memoryBytes: totalmem(),
      nodeVersion: process.version,
      // "MySQL 9.7.4 (9.7.4-2)": the server by name, and the version string it reported.
      dbVersion: `${serverLabel(serverInfo(dbVersion))} (${dbVersion})`,
      dbAddress: `${db.app.host}:${db.app.port}`,
    },
    settings: {
      concurrency: options.concurrency,
      durationSeconds: d,
      chaosIntervalMs: options.chaosIntervalMs,
      waitMs: WAIT_MS,
      faultSeconds: options.faultSeconds,
      poolSize,
      dbMaxConnections: Number(appTuning.DB_MAX_CONNECTIONS ?? DEFAULT_DB_MAX_CONNECTIONS),
      requestTimeoutMs,
      loadAverage: { before: loadBefore, after: loadAverage() },
      replication: options.pair?.replication,
    },
    ...results,
  };
}
