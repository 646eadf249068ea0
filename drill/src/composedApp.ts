/**
 * The app as the learner runs it: the lab's app container on the compose network (make up), reached
 * at the lab's APP_URL. The drill recreates it with each strategy (`docker compose up --no-deps app`
 * with STRATEGY set) and, at the end, with the strategy it had, so `make up` finds it as it left it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { StrategyName } from '../../lib/settings/strategies';
import { fetchMetric } from '../../lib/appMetrics';
import { readRssBytes } from './appProbes';
import type { AppUnderTest } from './appUnderTest';

const run = promisify(execFile);
/** The database's port on the compose network: the composed app's DB_PORT in docker-compose.yml. */
export const COMPOSE_DB_PORT = 3306;
const COMPOSE_UP_TIMEOUT_S = 120;

/** Recreates the app container with this STRATEGY (undefined: the parent's, as make up set it) and waits until healthy. */
export async function recreateComposedApp(repoRoot: string, strategy: StrategyName | undefined): Promise<void> {
  const env = { ...process.env };
  if (strategy) env.STRATEGY = strategy;
  try {
    await run(
      'docker',
      ['compose', 'up', '-d', '--no-deps', '--wait', '--wait-timeout', String(COMPOSE_UP_TIMEOUT_S), 'app'],
      { cwd: repoRoot, env, maxBuffer: 4 * 1024 * 1024 },
    );
  } catch (err) {
    const { stderr } = err as { stderr?: string };
    const why = stderr?.trim() || (err as Error).message;
    throw new Error(`docker compose up app (STRATEGY=${strategy ?? 'as make up set it'}) failed: ${why}`, {
      cause: err,
    });
  }
}

/** The host pid of a compose service's main process (the app's node, the db's server), for /proc. */
export async function containerPid(repoRoot: string, service: 'app' | 'db'): Promise<number> {
  const { stdout: id } = await run('docker', ['compose', 'ps', '-q', service], { cwd: repoRoot });
  if (!id.trim()) throw new Error(`no running ${service} container in this lab`);
  const { stdout: pid } = await run('docker', ['inspect', '-f', '{{ .State.Pid }}', id.trim()]);
  return Number(pid.trim());
}

export async function startComposedApp(repoRoot: string, url: string, strategy: StrategyName): Promise<AppUnderTest> {
  await recreateComposedApp(repoRoot, strategy);
  const pid = await containerPid(repoRoot, 'app');
  return {
    strategy,
    url,
    pid,
    rssBytes: () => readRssBytes(pid),
    retries: () => fetchMetric(url, 'db_retries_total'),
    async stop() {}, // the next strategy's start recreates it, and the drill's end puts the lab's back
  };
}
