/**
 * The drill's silent faults: for each strategy, a fresh app under load while the chaos program's own
 * partition (then freeze) mode runs one round, timing every request, so the report can say how many
 * answered within the deadline, how slow the slowest was, and how soon the first success came after.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChaosDbSession, SavedSettings, createMode, loadChaosConfig } from '../../chaos/src';
import { DockerEngine } from '../../lib/docker/dockerEngine';
import { readDbTimeouts } from '../../lib/settings/dbTimeouts';
import type { StrategyName } from '../../lib/settings/strategies';
import { sleep } from '../../lib/sleep';
import { startAppUnderTest, type AppUnderTest } from './appUnderTest';
import type { DrillDbSettings } from './labSettings';
import { silentFaultFigures, type FaultSample, type SilentFaultMode, type SilentFaultRow } from './silentFaultFigures';

export const SILENT_FAULT_MODES: readonly SilentFaultMode[] = ['partition', 'freeze'];
/** Load before the fault, and the longest wait for a success after it. */
const BEFORE_MS = 1000;
const RECOVERY_WINDOW_MS = 10_000;
/** The clients' own limit: longer than any deadline of the app, so the app's deadline is what shows. */
const CLIENT_TIMEOUT_MS = 30_000;

export interface SilentFaultSettings {
  readonly repoRoot: string;
  readonly db: DrillDbSettings;
  readonly appTuning: Record<string, string>;
  /** Finds the db container, and names the chaos image that holds iptables (<project>-chaos). */
  readonly composeProject: string;
  readonly strategies: readonly StrategyName[];
  readonly concurrency: number;
  readonly faultSeconds: number;
  readonly note: (line: string) => void;
}

/** `concurrency` loops of GET /person/first, each request timed, until stopped. */
function startClients(url: string, concurrency: number) {
  const samples: FaultSample[] = [];
  let running = true;
  const loops = Array.from({ length: concurrency }, async () => {
    while (running) {
      const startedAt = Date.now();
      let status = 0;
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) });
        await res.arrayBuffer();
        status = res.status;
      } catch {
        await sleep(50); // no answer (the app is gone?): do not spin
      }
      samples.push({ startedAt, ms: Date.now() - startedAt, status });
    }
  });
  return {
    samples,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

async function measureFault(
  app: AppUnderTest,
  mode: SilentFaultMode,
  settings: SilentFaultSettings,
  budgetMs: number | null,
): Promise<SilentFaultRow> {
  const config = loadChaosConfig({
    CHAOS_MODE: mode,
    DB_HOST: settings.db.chaos.host,
    DB_PORT: String(settings.db.chaos.port),
    CHAOS_DB_USER: settings.db.chaos.user,
    CHAOS_DB_PASSWORD: settings.db.chaos.password,
    CHAOS_DOWN_SECONDS: String(settings.faultSeconds),
    COMPOSE_PROJECT_NAME: settings.composeProject,
  });
  const session = new ChaosDbSession(config.db, () => undefined);
  const times: { appliedAt?: number; liftedAt?: number } = {};
  const fault = createMode(mode, {
    config,
    session,
    print: settings.note,
    announce: (event) => {
      if (event.type === mode) times.appliedAt = Date.now();
      if (event.type === `${mode}-end`) times.liftedAt = Date.now();
    },
    docker: new DockerEngine(),
    saved: new SavedSettings(),
  });
  const clients = startClients(`${app.url}/person/first`, settings.concurrency);
  try {
    await sleep(BEFORE_MS);
    await fault.round(new AbortController().signal); // applies, waits CHAOS_DOWN_SECONDS, lifts
    const { appliedAt, liftedAt } = times;
    if (appliedAt === undefined || liftedAt === undefined)
      throw new Error(`the ${mode} round did not apply and lift it`);
    const recovered = () => clients.samples.some((s) => s.status === 200 && s.startedAt >= liftedAt);
    // naive never replaces its connection: once a request sent after the lift has failed, that
    // connection is gone and no success can come. Waiting out the window would observe nothing.
    const cannotRecover = () =>
      app.strategy === 'naive' && clients.samples.some((s) => s.status !== 200 && s.startedAt >= liftedAt);
    while (!recovered() && !cannotRecover() && Date.now() < liftedAt + RECOVERY_WINDOW_MS) await sleep(50);
    await clients.stop();
    return {
      strategy: app.strategy,
      mode,
      faultSeconds: settings.faultSeconds,
      budgetMs,
      ...silentFaultFigures(clients.samples, { appliedAt, liftedAt }, budgetMs),
    };
  } finally {
    await clients.stop();
    if (!(await fault.undo(AbortSignal.timeout(8000))))
      settings.note(`${mode}: could not lift it; run make chaos-stop`);
    await session.close();
  }
}

export async function runSilentFaultPhases(settings: SilentFaultSettings): Promise<SilentFaultRow[]> {
  if (settings.faultSeconds <= 0) return [];
  // The apps' own defaults and validation: the drill's figures use the budget the app itself uses.
  const timeouts = readDbTimeouts(settings.appTuning);
  const budgetMs = timeouts.enabled ? timeouts.requestTimeoutMs : null;
  const rows: SilentFaultRow[] = [];
  // The apps' logs: thrown away after a good run, kept (and named) when something failed.
  const logDir = await mkdtemp(join(tmpdir(), 'simplerr-drill-faults-'));
  let completed = false;
  try {
    await measureEach(settings, budgetMs, logDir, rows);
    completed = true;
  } finally {
    if (completed) await rm(logDir, { recursive: true, force: true });
    else settings.note(`the fault phases' app logs are in ${logDir}`);
  }
  return rows;
}

async function measureEach(
  settings: SilentFaultSettings,
  budgetMs: number | null,
  logDir: string,
  rows: SilentFaultRow[],
): Promise<void> {
  for (const strategy of settings.strategies) {
    for (const mode of SILENT_FAULT_MODES) {
      settings.note(`${strategy}, ${mode} for ${settings.faultSeconds} s`);
      // A fresh app each time: what one fault left (naive's destroyed connection) must not count in the next.
      const app = await startAppUnderTest({
        repoRoot: settings.repoRoot,
        strategy,
        db: settings.db,
        tuning: settings.appTuning,
        logFile: join(logDir, `${strategy}-${mode}.log`),
      });
      try {
        rows.push(await measureFault(app, mode, settings, budgetMs));
      } finally {
        await app.stop();
      }
    }
  }
}
