/**
 * One lab app as its own process on the host (the compiled server, as `npm start` runs it), so the load
 * generator does not share its event loop, and what the drill reads from it: its /metrics counters.
 * Its output goes to a log file (lib/appProcess.ts says why).
 */
import { appProcessEnv, startAppProcess, stopAppProcess } from '../../lib/appProcess';
import { fetchMetricsText, sumMetric } from '../../lib/appMetrics';
import type { StrategyName } from '../../lib/settings/strategies';
import type { DrillDbSettings } from './labSettings';

export interface DrillApp {
  readonly strategy: StrategyName;
  readonly url: string;
  /** db_retries_total, and db_errors_total by kind, from its /metrics. */
  counters(): Promise<{ retries: number; errors: Record<string, number> }>;
  stop(): Promise<unknown>;
}

/** db_errors_total by kind, from the text of /metrics. */
export function errorsByKind(metricsText: string): Record<string, number> {
  const byKind: Record<string, number> = {};
  for (const match of metricsText.matchAll(/^db_errors_total\{kind="([^"]+)"\}\s+(\S+)$/gm))
    byKind[match[1]] = Number(match[2]);
  return byKind;
}

/** What each kind added between two readings; failures the app counted under none (timeouts, resets) as "no answer or another error". */
export function failuresBy(before: Record<string, number>, after: Record<string, number>, failed: number) {
  const added: Record<string, number> = {};
  for (const [kind, value] of Object.entries(after))
    if (value > (before[kind] ?? 0)) added[kind] = value - (before[kind] ?? 0);
  const other = failed - Object.values(added).reduce((sum, n) => sum + n, 0);
  if (other > 0) added['no answer or another error'] = other;
  return added;
}

export interface AppStart {
  readonly repoRoot: string;
  readonly strategy: StrategyName;
  readonly db: DrillDbSettings;
  /** The lab's tuning (POOL_SIZE...) as the learner set it, and this app's own on top (a sweep's POOL_SIZE). */
  readonly tuning: Readonly<Record<string, string>>;
  readonly logFile: string;
}

export async function startDrillApp({ repoRoot, strategy, db, tuning, logFile }: AppStart): Promise<DrillApp> {
  // info, not warn: the listening line is an info line; requests are logged at debug.
  const env = appProcessEnv(db.app, { ...tuning, STRATEGY: strategy, PORT: '0', LOG_LEVEL: 'info' });
  const app = await startAppProcess({ repoRoot, env, logFile }).catch((err: Error) => {
    throw new Error(`the ${strategy} app: ${err.message}`);
  });
  return {
    strategy,
    url: app.url,
    async counters() {
      const text = await fetchMetricsText(app.url);
      return { retries: sumMetric(text, 'db_retries_total'), errors: errorsByKind(text) };
    },
    stop: () => stopAppProcess(app),
  };
}
