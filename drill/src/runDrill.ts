/**
 * Runs the plan: starts each app process when its first phase comes, stops it after its last,
 * measures every phase, and returns the rows. Nothing here formats or writes results.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DrillOptions } from './args';
import { startAppUnderTest, type AppUnderTest } from './appUnderTest';
import { measureDbCeiling, measureHttpCeiling } from './ceilings';
import type { DrillRow, DrillRun, StormRow, StrategyRow } from './figures';
import { runHttpLoad, type LoadSettings } from './httpLoad';
import { startKillIdleChaos } from './killIdleChaos';
import type { DrillDbSettings } from './labSettings';
import { fetchMetricsText } from '../../lib/appMetrics';
import { describeMachine } from './machine';
import { errorsByKind, stormFailures } from './stormFailures';
import { CEILING_APP_STRATEGY, planDrill, type AppKey } from './phases';
import type { Progress } from './progress';

interface StrategyPhase {
  readonly app: AppUnderTest;
  readonly chaos: boolean;
  readonly load: LoadSettings;
  readonly db: DrillDbSettings;
  readonly chaosIntervalMs: number;
  readonly progress: Progress;
}

/** GET /person/first for one phase; with chaos, the kill loop runs exactly while the load does. */
async function measureStrategy({
  app,
  chaos,
  load,
  db,
  chaosIntervalMs,
  progress,
}: StrategyPhase): Promise<StrategyRow> {
  const retriesBefore = await app.retries();
  const killing = chaos
    ? await startKillIdleChaos({
        chaosLogin: db.chaos,
        targetUser: db.app.user,
        intervalMs: chaosIntervalMs,
        note: (line) => progress.note(line),
      })
    : undefined;
  const figures = await runHttpLoad(`${app.url}/person/first`, load);
  const summary = await killing?.stop();
  if (summary?.failedRounds) progress.note(`chaos: ${summary.failedRounds} of ${summary.rounds} kill rounds failed`);
  return {
    kind: 'strategy',
    strategy: app.strategy,
    chaos,
    figures,
    retried: (await app.retries()) - retriesBefore,
    kills: summary?.kills ?? 0,
    rssBytes: await app.rssBytes(),
  };
}

/** GET /person/first from `clients` clients at once, no chaos: which limit does each strategy meet, and how? */
async function measureStorm(app: AppUnderTest, clients: number, durationSeconds: number): Promise<StormRow> {
  const before = errorsByKind(await fetchMetricsText(app.url));
  const figures = await runHttpLoad(`${app.url}/person/first`, { concurrency: clients, durationSeconds });
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

export interface DrillEnvironment {
  readonly repoRoot: string;
  readonly db: DrillDbSettings;
  /** App tuning variables (POOL_SIZE...) for every app process. */
  readonly appTuning: Record<string, string>;
  readonly progress: Progress;
}

export async function runDrill(
  options: DrillOptions,
  { repoRoot, db, appTuning, progress }: DrillEnvironment,
): Promise<DrillRun> {
  const startedAt = new Date();
  // The apps' logs: thrown away after a good run, kept (and named) when something failed.
  const logDir = await mkdtemp(join(tmpdir(), 'simplerr-drill-'));
  let completed = false;
  const steps = planDrill(options);
  const load: LoadSettings = { concurrency: options.concurrency, durationSeconds: options.durationSeconds };
  const rows: DrillRow[] = [];
  let dbVersion = 'unknown';
  let app: AppUnderTest | undefined;
  let appKey: AppKey | null = null;
  try {
    for (const [index, step] of steps.entries()) {
      if (step.app !== appKey) {
        await app?.stop();
        app = undefined;
        appKey = step.app;
        if (step.app) {
          const strategy = step.app === 'ceiling' ? CEILING_APP_STRATEGY : step.app;
          app = await startAppUnderTest({
            repoRoot,
            strategy,
            db,
            tuning: appTuning,
            logFile: join(logDir, `${step.app}.log`),
          });
        }
      }
      progress.phase(index);
      switch (step.kind) {
        case 'warmup':
          await runHttpLoad(`${app!.url}${step.path}`, { ...load, durationSeconds: step.seconds });
          break;
        case 'http-ceiling':
          rows.push({
            kind: 'ceiling',
            ceiling: 'http',
            figures: await measureHttpCeiling(app!.url, load),
            rssBytes: await app!.rssBytes(),
          });
          break;
        case 'db-ceiling': {
          const ceiling = await measureDbCeiling(db, load);
          dbVersion = ceiling.serverVersion;
          rows.push({ kind: 'ceiling', ceiling: 'db', figures: ceiling.figures, rssBytes: null });
          break;
        }
        case 'strategy':
          rows.push(
            await measureStrategy({
              app: app!,
              chaos: step.chaos,
              load,
              db,
              chaosIntervalMs: options.chaosIntervalMs,
              progress,
            }),
          );
          break;
        case 'storm':
          rows.push(await measureStorm(app!, step.clients, step.seconds));
          break;
      }
    }
    completed = true;
  } finally {
    progress.finish();
    await app?.stop();
    if (completed) await rm(logDir, { recursive: true, force: true });
    else progress.note(`the apps' logs are in ${logDir}`);
  }
  return {
    startedAt,
    settings: {
      concurrency: options.concurrency,
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
      chaosIntervalMs: options.chaosIntervalMs,
      stormClients: options.stormClients,
      chaosTargetUser: db.app.user,
      appTuning,
      note: options.note,
    },
    machine: describeMachine(dbVersion, `${db.app.host}:${db.app.port}`),
    rows,
  };
}
