/**
 * The lab's settings as the drill uses them: the process environment first, then the lab's .env
 * file (lib/settings/labEnvFile.ts reads it), then the lab's defaults.
 */
import type { DbLogin } from '../../lib/db/loginOptions';
import { withHiddenPassword, type Env } from '../../lib/settings/envReaders';
import { readLabEnvFile } from '../../lib/settings/labEnvFile';

export type { DbLogin, Env };

const CONNECT_TIMEOUT_MS = 2000;

/** A setting from the process environment, else the lab's .env file, else the fallback. */
export const labSetting = (env: Env, file: Record<string, string>, name: string, fallback?: string) =>
  env[name]?.trim() || file[name] || fallback;

export interface DrillDbSettings {
  /** The app user, and the schema its app processes use. */
  readonly app: DbLogin & { readonly database: string };
  /** The chaos user: sees and kills every connection, reads no data. */
  readonly chaos: DbLogin;
}

/**
 * Where the drill finds the lab's database from the host. DB_HOST and DB_PORT count only from the
 * process environment: in .env they describe the compose network (db:3306), and the host reaches the
 * database on 127.0.0.1:DB_PUBLISHED_PORT instead.
 */
export function drillDbSettings(
  env: Env = process.env,
  file: Record<string, string> = readLabEnvFile(),
): DrillDbSettings {
  const setting = (name: string, fallback?: string): string => {
    const value = labSetting(env, file, name, fallback);
    if (value === undefined) throw new Error(`${name} is not set in the environment, .env or .env.example`);
    return value;
  };
  const host = env.DB_HOST?.trim() || '127.0.0.1';
  const rawPort = env.DB_PORT?.trim() || setting('DB_PUBLISHED_PORT', '3307');
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port < 1 || port > 65_535) {
    throw new Error(`DB_PORT / DB_PUBLISHED_PORT is ${JSON.stringify(rawPort)}: expected a port number`);
  }
  return {
    app: withHiddenPassword<DbLogin & { database: string }>(
      {
        host,
        port,
        database: setting('DB_NAME', 'simplerr_schema'),
        user: setting('DB_USER', 'simplerr'),
        connectTimeoutMs: CONNECT_TIMEOUT_MS,
      },
      setting('DB_PASSWORD'),
    ),
    chaos: withHiddenPassword<DbLogin>(
      { host, port, user: setting('CHAOS_DB_USER', 'simplerr_chaos'), connectTimeoutMs: CONNECT_TIMEOUT_MS },
      setting('CHAOS_DB_PASSWORD'),
    ),
  };
}

/** The app's tuning variables (app/src/config.ts) the drill hands on, so its apps run as the lab's app does. */
export const APP_TUNING_VARIABLES = (
  'POOL_SIZE POOL_ACQUIRE_TIMEOUT_MS POOL_IDLE_TIMEOUT_S POOL_MAX_LIFETIME_S POOL_VALIDATE_AFTER_IDLE_MS ' +
  'DB_CONNECT_TIMEOUT_MS DB_MAX_CONNECTIONS SHUTDOWN_TIMEOUT_MS DB_TIMEOUTS DB_QUERY_TIMEOUT_MS REQUEST_TIMEOUT_MS READY_TIMEOUT_MS'
).split(' ');

/** Those of them set in the environment or the lab's .env file (the app's defaults apply to the others). */
export function appTuning(
  env: Env = process.env,
  file: Record<string, string> = readLabEnvFile(),
): Record<string, string> {
  const tuning: Record<string, string> = {};
  for (const name of APP_TUNING_VARIABLES) {
    const value = labSetting(env, file, name);
    if (value) tuning[name] = value;
  }
  return tuning;
}
