/**
 * Runs the plan: starts each app process when its first phase comes, stops it after its last,
 * measures every phase (measureSteps.ts), and returns the rows. Nothing here formats or writes results.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DB_MAX_CONNECTIONS, DEFAULT_POOL_SIZE } from '../../lib/settings/strategies';
import type { DrillOptions } from './args';
import { startAppUnderTest, type AppUnderTest } from './appUnderTest';
import { containerPid, recreateComposedApp, startComposedApp } from './composedApp';
import { findProxyPids, type LabProcesses } from './cpuMeter';
import type { DrillRow, DrillRun } from './figures';
import type { LoadSettings } from './httpLoad';
import type { DrillDbSettings } from './labSettings';
import { describeMachine } from './machine';
import { measureStep } from './measureSteps';
import { planDrill, type AppSpec } from './phases';
import type { Progress } from './progress';

export interface DrillEnvironment {
  readonly repoRoot: string;
  readonly db: DrillDbSettings;
  /** App tuning variables (POOL_SIZE...) for every app process. */
  readonly appTuning: Record<string, string>;
  readonly progress: Progress;
}

const loadAverage = () => loadavg().map((value) => Number(value.toFixed(2)));

/** The database server's process and the port proxies of the database and the composed app, for their CPU. */
async function findLabProcesses(repoRoot: string, ports: number[], progress: Progress): Promise<LabProcesses> {
  const db = await containerPid(repoRoot, 'db').catch((err: Error) => {
    progress.note(`the database server's CPU is not measured: ${err.message}`);
    return null;
  });
  return { db, proxies: await findProxyPids(ports) };
}

export async function runDrill(
  options: DrillOptions,
  { repoRoot, db, appTuning, progress }: DrillEnvironment,
): Promise<DrillRun> {
  const startedAt = new Date();
  const loadBefore = loadAverage();
  // The apps' logs: thrown away after a good run, kept (and named) when something failed.
  const logDir = await mkdtemp(join(tmpdir(), 'simplerr-drill-'));
  let completed = false;
  const steps = planDrill(options);
  const load: LoadSettings = { concurrency: options.concurrency, durationSeconds: options.durationSeconds };
  const poolSize = Number(appTuning.POOL_SIZE ?? DEFAULT_POOL_SIZE);
  const dbMaxConnections = Number(appTuning.DB_MAX_CONNECTIONS ?? DEFAULT_DB_MAX_CONNECTIONS);
  const publishedPorts = [db.app.port, ...(options.composedUrl ? [Number(new URL(options.composedUrl).port)] : [])];
  const lab = await findLabProcesses(repoRoot, publishedPorts, progress);
  const rows: DrillRow[] = [];
  let dbVersion = 'unknown';
  let app: AppUnderTest | undefined;
  let appKey: string | null = null;
  const startApp = (spec: AppSpec) => {
    const file = spec.key.replace(/\W+/g, '-');
    return spec.composed
      ? startComposedApp(repoRoot, options.composedUrl!, spec.strategy)
      : startAppUnderTest({
          repoRoot,
          strategy: spec.strategy,
          db,
          tuning: appTuning,
          settings: spec.settings,
          logFile: join(logDir, `${file}.log`),
          profileDir: spec.profiled ? join(logDir, `${file}-profile`) : undefined,
        });
  };
  try {
    for (const [index, step] of steps.entries()) {
      if ((step.app?.key ?? null) !== appKey) {
        await app?.stop();
        app = undefined;
        appKey = step.app?.key ?? null;
        if (step.app) app = await startApp(step.app);
      }
      progress.phase(index);
      rows.push(
        ...(await measureStep(step, app, {
          db,
          load,
          chaosIntervalMs: options.chaosIntervalMs,
          poolSize,
          dbMaxConnections,
          lab,
          progress,
          seenServerVersion: (version) => (dbVersion = version),
        })),
      );
    }
    completed = true;
  } finally {
    progress.finish();
    await app?.stop();
    if (options.composedUrl) await recreateComposedApp(repoRoot, undefined);
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
      poolSize,
      loadAverage: { before: loadBefore, after: loadAverage() },
    },
    machine: describeMachine(dbVersion, `${db.app.host}:${db.app.port}`),
    rows,
  };
}
