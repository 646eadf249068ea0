/**
 * The silent faults of README section 6: for each strategy, a fresh app under load while the chaos
 * program's own partition (then freeze) mode runs one round, every request timed, to say how many
 * answered within the deadline, how slow the slowest was, and how soon the first success came after.
 */
import { ChaosDbSession, SavedSettings, createMode, loadChaosConfig } from '../../chaos/src';
import { DockerEngine } from '../../lib/docker/dockerEngine';
import { sleep } from '../../lib/sleep';
import type { DrillApp } from './app';
import type { HostLab } from '../../lib/settings/hostLab';
import type { Outcome } from '../../lib/load/load';
import { startReaders } from '../../lib/load/readers';
import { latencyOf } from './load';
import { IN_TIME_SLACK_MS, type SilentFaultRun } from './results';

export const SILENT_FAULT_MODES = ['partition', 'freeze'] as const;
export interface SilentFaultSettings {
  /** The chaos login; composeProject finds the db container and names the chaos image with iptables (<project>-chaos). */
  readonly db: Pick<HostLab, 'chaos' | 'composeProject'>;
  readonly concurrency: number;
  readonly faultSeconds: number;
  /** The app's REQUEST_TIMEOUT_MS (null: DB_TIMEOUTS=off). */
  readonly requestTimeoutMs: number | null;
  readonly note: (line: string) => void;
}

/** Load before the fault, and the longest wait for a success after it. */
const BEFORE_MS = 1000;
const RECOVERY_WINDOW_MS = 10_000;
/** The clients' own limit: longer than any deadline of the app, so the app's deadline is what shows. */
const CLIENT_TIMEOUT_MS = 30_000;

/** The figures of one fault, from every request's timing: pure, so it is unit-tested apart from Docker. */
export function silentFaultFigures(
  requests: readonly Pick<Outcome, 'startedAt' | 'ms' | 'status'>[],
  fault: { readonly appliedAt: number; readonly liftedAt: number },
  budgetMs: number | null,
): Omit<SilentFaultRun, 'strategy' | 'mode'> {
  const during = requests.filter((r) => r.startedAt < fault.liftedAt && r.startedAt + r.ms > fault.appliedAt);
  const latency = latencyOf(during.map((r) => r.ms));
  const successesAfter = requests
    .filter((r) => r.status === 200 && r.startedAt >= fault.liftedAt)
    .map((r) => r.startedAt + r.ms - fault.liftedAt);
  return {
    duringFault: during.length,
    inTime: during.filter((r) => r.status !== 0 && (budgetMs === null || r.ms <= budgetMs + IN_TIME_SLACK_MS)).length,
    failed: during.filter((r) => r.status !== 200).length,
    p99Ms: latency.p99,
    maxMs: latency.max,
    recoveryMs: successesAfter.length > 0 ? Math.min(...successesAfter) : null,
  };
}

export async function measureSilentFault(
  app: DrillApp,
  mode: (typeof SILENT_FAULT_MODES)[number],
  settings: SilentFaultSettings,
): Promise<SilentFaultRun> {
  const { db, faultSeconds } = settings;
  const config = loadChaosConfig({
    CHAOS_MODE: mode,
    DB_HOST: db.chaos.host,
    DB_PORT: String(db.chaos.port),
    CHAOS_DB_USER: db.chaos.user,
    CHAOS_DB_PASSWORD: db.chaos.password,
    CHAOS_DOWN_SECONDS: String(faultSeconds),
    COMPOSE_PROJECT_NAME: db.composeProject,
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
  const readers = { clients: settings.concurrency, paths: ['/person/first'], timeoutMs: CLIENT_TIMEOUT_MS };
  const load = startReaders(app.url, readers);
  try {
    await sleep(BEFORE_MS);
    await fault.round(new AbortController().signal); // applies, waits CHAOS_DOWN_SECONDS, lifts
    const { appliedAt, liftedAt } = times;
    if (appliedAt === undefined || liftedAt === undefined)
      throw new Error(`the ${mode} round did not apply and lift it`);
    const after = () => load.outcomes.filter((r) => r.startedAt >= liftedAt);
    // naive never replaces its connection: once a request sent after the lift has failed, no success can come.
    const settled = () =>
      after().some((r) => r.status === 200) || (app.strategy === 'naive' && after().some((r) => r.status !== 200));
    while (!settled() && Date.now() < liftedAt + RECOVERY_WINDOW_MS) await sleep(50);
    await load.stop();
    return {
      strategy: app.strategy,
      mode,
      ...silentFaultFigures(load.outcomes, { appliedAt, liftedAt }, settings.requestTimeoutMs),
    };
  } finally {
    await load.stop();
    if (!(await fault.undo(AbortSignal.timeout(8000))))
      settings.note(`${mode}: could not lift it; run make chaos-stop`);
    await session.close();
  }
}
