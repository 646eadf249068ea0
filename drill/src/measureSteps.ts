/**
 * How each kind of phase is measured, given its app (if it has one): the rows it adds to the run.
 * runDrill.ts decides when apps start and stop; nothing here formats or writes results.
 */
import { waitingPersonPath } from '../../lib/settings/queryWaits';
import { connectionBudget, type StrategyName } from '../../lib/settings/strategies';
import { fetchMetricsText } from '../../lib/appMetrics';
import type { AppUnderTest } from './appUnderTest';
import { measureHttpCeiling } from './ceilings';
import { COMPOSE_DB_PORT } from './composedApp';
import { withCpu, type LabProcesses } from './cpuMeter';
import { monotonicMicros, readCpuProfile, summarizeProfile } from './cpuProfile';
import { measureDbPattern } from './dbPatterns';
import type { ComposedRow, DrillRow, Figures, ProfileRow, StormRow, StrategyRow } from './figures';
import { runHttpLoad, type LoadSettings } from './httpLoad';
import { startKillIdleChaos } from './killIdleChaos';
import type { DrillDbSettings } from './labSettings';
import type { Step } from './phases';
import type { Progress } from './progress';
import { errorsByKind, stormFailures } from './stormFailures';
import { portRangeOf, timeWaitSockets } from './timeWait';

export interface MeasureContext {
  readonly db: DrillDbSettings;
  readonly load: LoadSettings;
  readonly chaosIntervalMs: number;
  /** The app's POOL_SIZE in the strategy rows: the size of the pool's database pattern. */
  readonly poolSize: number;
  /** The apps' DB_MAX_CONNECTIONS: the most connections per-request opens at once. */
  readonly dbMaxConnections: number;
  /** The database server and the port proxies, whose CPU each phase reads besides the app's and its own. */
  readonly lab: LabProcesses;
  readonly progress: Progress;
  /** The server's version string, once a database pattern has logged in. */
  seenServerVersion(version: string): void;
}

/** GET /person/first under `load`, with the CPU its answers cost. */
const firstPersonLoad = (app: AppUnderTest, load: LoadSettings, ctx: MeasureContext) =>
  withCpu(app.pid, ctx.lab, () => runHttpLoad(`${app.url}/person/first`, load));

/** The first person, each statement waiting `waitMs` on the server, under the drill's load. */
const waitingLoad = (app: AppUnderTest, waitMs: number, ctx: MeasureContext) =>
  withCpu(app.pid, ctx.lab, () => runHttpLoad(`${app.url}${waitingPersonPath(waitMs)}`, ctx.load));

/** The composed app's ports right after a phase: TIME_WAIT sockets towards the database, and the range they come from. */
async function composedPorts(app: AppUnderTest): Promise<ComposedRow['ports']> {
  const [timeWait, range] = await Promise.all([timeWaitSockets(app.pid, COMPOSE_DB_PORT), portRangeOf(app.pid)]);
  return { timeWait, range };
}

/** GET /person/first for one phase; with chaos, the kill loop runs exactly while the load does. */
async function underLoad(app: AppUnderTest, chaos: boolean, ctx: MeasureContext) {
  const retriesBefore = await app.retries();
  const errorsBefore = errorsByKind(await fetchMetricsText(app.url));
  const killing = chaos
    ? await startKillIdleChaos({
        chaosLogin: ctx.db.chaos,
        targetUser: ctx.db.app.user,
        intervalMs: ctx.chaosIntervalMs,
        note: (line) => ctx.progress.note(line),
      })
    : undefined;
  const figures = await firstPersonLoad(app, ctx.load, ctx);
  const summary = await killing?.stop();
  if (summary?.failedRounds)
    ctx.progress.note(`chaos: ${summary.failedRounds} of ${summary.rounds} kill rounds failed`);
  const failedBy = stormFailures(errorsBefore, errorsByKind(await fetchMetricsText(app.url)), figures.failed);
  return { figures, retried: (await app.retries()) - retriesBefore, kills: summary?.kills ?? 0, failedBy };
}

async function strategyRow(app: AppUnderTest, chaos: boolean, ctx: MeasureContext): Promise<StrategyRow> {
  return {
    kind: 'strategy',
    strategy: app.strategy,
    chaos,
    ...(await underLoad(app, chaos, ctx)),
    rssBytes: await app.rssBytes(),
  };
}

/** GET /person/first from `clients` clients at once, no chaos: which limit does each strategy meet, and how? */
async function stormRow(app: AppUnderTest, clients: number, ctx: MeasureContext): Promise<StormRow> {
  const before = errorsByKind(await fetchMetricsText(app.url));
  const figures = await firstPersonLoad(app, { ...ctx.load, concurrency: clients }, ctx);
  const after = errorsByKind(await fetchMetricsText(app.url));
  return {
    kind: 'storm',
    strategy: app.strategy,
    clients,
    figures,
    failedBy: stormFailures(before, after, figures.failed),
    rssBytes: await app.rssBytes(),
  };
}

/**
 * The load on an app under node --cpu-prof; then the app is stopped, for V8 to write the profile.
 * A profile that is not there costs its section a column, not the whole run.
 */
async function profileRows(app: AppUnderTest, ctx: MeasureContext): Promise<ProfileRow[]> {
  const from = monotonicMicros();
  const figures = await firstPersonLoad(app, ctx.load, ctx);
  const to = monotonicMicros();
  await app.stop();
  try {
    const profile = summarizeProfile(await readCpuProfile(app.profileDir!), from, to);
    return [{ kind: 'profile', strategy: app.strategy, figures, profile }];
  } catch (err) {
    ctx.progress.note(`the ${app.strategy} app's CPU profile is left out: ${(err as Error).message}`);
    return [];
  }
}

function dbPattern(strategy: StrategyName, poolSize: number, ctx: MeasureContext): Promise<Figures> {
  return withCpu(null, ctx.lab, async () => {
    const result = await measureDbPattern(strategy, ctx.db, ctx.load, poolSize);
    ctx.seenServerVersion(result.serverVersion);
    return result.figures;
  });
}

const httpCeiling = (app: AppUnderTest, ctx: MeasureContext) =>
  withCpu(app.pid, ctx.lab, () => measureHttpCeiling(app.url, ctx.load));

/** The rows of one measured phase (none for a warm-up). */
export async function measureStep(step: Step, app: AppUnderTest | undefined, ctx: MeasureContext): Promise<DrillRow[]> {
  switch (step.kind) {
    case 'warmup':
      await runHttpLoad(`${app!.url}${step.path}`, { ...ctx.load, durationSeconds: step.seconds });
      return [];
    case 'http-ceiling':
      return [
        {
          kind: 'ceiling',
          ceiling: 'http',
          figures: await httpCeiling(app!, ctx),
          rssBytes: await app!.rssBytes(),
        },
      ];
    case 'db-pattern':
      return [
        {
          kind: 'ceiling',
          ceiling: step.strategy,
          figures: await dbPattern(step.strategy, ctx.poolSize, ctx),
          rssBytes: null,
        },
      ];
    case 'strategy':
      return [await strategyRow(app!, step.chaos, ctx)];
    case 'waiting':
      return [
        {
          kind: 'waiting',
          strategy: app!.strategy,
          waitMs: step.waitMs,
          connections: connectionBudget(app!.strategy, ctx),
          figures: await waitingLoad(app!, step.waitMs, ctx),
        },
      ];
    case 'storm':
      return [await stormRow(app!, step.clients, ctx)];
    case 'unpipelined':
      return [{ kind: 'unpipelined', figures: await firstPersonLoad(app!, ctx.load, ctx) }];
    case 'profile':
      return profileRows(app!, ctx);
    case 'instrumentation':
      return [
        {
          kind: 'instrumentation',
          strategy: app!.strategy,
          instrumented: step.instrumented,
          figures: await firstPersonLoad(app!, ctx.load, ctx),
        },
      ];
    case 'sweep': {
      const figures = await firstPersonLoad(app!, ctx.load, ctx);
      const pattern = await dbPattern('pool', step.poolSize, ctx);
      const waiting =
        step.waitMs > 0 ? { waitMs: step.waitMs, figures: await waitingLoad(app!, step.waitMs, ctx) } : null;
      return [{ kind: 'sweep', poolSize: step.poolSize, figures, pattern, waiting }];
    }
    case 'composed': {
      if (step.measure === 'http') {
        const figures = await httpCeiling(app!, ctx);
        return [{ kind: 'composed', strategy: 'http', chaos: false, figures, ports: await composedPorts(app!) }];
      }
      const chaos = step.measure === 'chaos';
      const { figures } = await underLoad(app!, chaos, ctx);
      return [{ kind: 'composed', strategy: app!.strategy, chaos, figures, ports: await composedPorts(app!) }];
    }
  }
}
