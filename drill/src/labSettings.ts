/**
 * The lab's settings as the drill uses them (the lab as lib/settings/hostLab.ts reaches it, and the app's
 * tuning), each from the process environment first, then the lab's .env file, then the lab's defaults.
 */
import type { Env } from '../../lib/settings/envReaders';
import { labSetting, type HostLab } from '../../lib/settings/hostLab';
import { readLabEnvFile } from '../../lib/settings/labEnvFile';

/** The drill's logins: its own database connections, and its app processes'. */
export type DrillDbSettings = Pick<HostLab, 'app' | 'chaos'>;

/** The app's tuning variables (app/src/config.ts) the drill hands on, so its apps run as the lab's app does. */
export const APP_TUNING_VARIABLES = (
  'POOL_SIZE POOL_ACQUIRE_TIMEOUT_MS POOL_IDLE_TIMEOUT_S POOL_MAX_LIFETIME_S POOL_VALIDATE_AFTER_IDLE_MS ' +
  'DB_CONNECT_TIMEOUT_MS DB_MAX_CONNECTIONS SHUTDOWN_TIMEOUT_MS DB_TIMEOUTS DB_QUERY_TIMEOUT_MS REQUEST_TIMEOUT_MS READY_TIMEOUT_MS'
).split(' ');

/** Those of them set in the environment or the lab's .env file (the app's defaults apply to the others). */
export function appTuning(env: Env = process.env, file = readLabEnvFile()): Record<string, string> {
  const set = APP_TUNING_VARIABLES.map((name) => [name, labSetting(env, file, name)] as const);
  return Object.fromEntries(set.filter((entry): entry is readonly [string, string] => Boolean(entry[1])));
}
