/**
 * One lab app as its own process on the host (the compiled server, as `npm start` runs it), so its
 * memory is its own and the load generator does not share its event loop.
 * Its output goes to a log file, not a pipe: a failing naive app logs one line per request, and a pipe
 * read by a busy load generator would make the app buffer those lines in its own memory.
 */
import { appProcessEnv, startAppProcess, stopAppProcess } from '../../lib/appProcess';
import type { StrategyName } from '../../lib/settings/strategies';
import { fetchMetric } from '../../lib/appMetrics';
import { readRssBytes } from './appProbes';
import type { DrillDbSettings } from './labSettings';

export interface AppUnderTest {
  readonly strategy: StrategyName;
  readonly url: string;
  /** Its process on the host: the drill reads its memory and CPU time from /proc. */
  readonly pid: number;
  rssBytes(): Promise<number>;
  /** db_retries_total from /metrics: requests whose read was retried on a fresh connection. */
  retries(): Promise<number>;
  /** Where node --cpu-prof writes its profile as it exits; undefined when not profiled. */
  readonly profileDir?: string;
  /** Stops the process; safe to call again once it has stopped. */
  stop(): Promise<void>;
}

/** The app's environment: the lab's tuning (POOL_SIZE...) as the learner set it, then the strategy. */
export function appEnvironment(
  strategy: StrategyName,
  db: DrillDbSettings,
  tuning: Record<string, string>,
): Record<string, string> {
  // info, not warn: the listening line is an info line. Requests are logged at debug, failures at
  // warn/error, so warn would log the same lines during the load.
  return appProcessEnv(db.app, { ...tuning, STRATEGY: strategy, PORT: '0', LOG_LEVEL: 'info' });
}

export interface AppStart {
  readonly repoRoot: string;
  readonly strategy: StrategyName;
  readonly db: DrillDbSettings;
  readonly tuning: Record<string, string>;
  /** App variables of this process on top of the lab's tuning (POOL_SIZE of a sweep, INSTRUMENTATION). */
  readonly settings?: Readonly<Record<string, string>>;
  readonly logFile: string;
  /** Run it under node --cpu-prof, writing its profile into this folder as it exits. */
  readonly profileDir?: string;
}

export async function startAppUnderTest({
  repoRoot,
  strategy,
  db,
  tuning,
  settings = {},
  logFile,
  profileDir,
}: AppStart): Promise<AppUnderTest> {
  const env = appEnvironment(strategy, db, { ...tuning, ...settings });
  const nodeArgs = profileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', profileDir];
  const app = await startAppProcess({ repoRoot, env, logFile, nodeArgs }).catch((err: Error) => {
    throw new Error(`the ${strategy} app: ${err.message}`);
  });
  const pid = app.child.pid!;
  return {
    strategy,
    url: app.url,
    pid,
    rssBytes: () => readRssBytes(pid),
    retries: () => fetchMetric(app.url, 'db_retries_total'),
    profileDir,
    async stop() {
      await stopAppProcess(app);
    },
  };
}
