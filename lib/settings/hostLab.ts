/**
 * The lab as a program or a test on the host reaches it: the app on 127.0.0.1:APP_PORT, the database on
 * 127.0.0.1:DB_PUBLISHED_PORT (the replicated lab's second server on DB2_PUBLISHED_PORT), as the app user
 * and as the chaos user, and the compose project. The drill and the tests read the lab through this.
 */
import type { DbLogin } from '../db/loginOptions';
import { withHiddenPassword, type Env } from './envReaders';
import { readLabEnvFile } from './labEnvFile';

export interface HostLab {
  readonly appUrl: string;
  readonly composeProject: string;
  /** The app user, and the schema the app uses. */
  readonly app: DbLogin & { readonly database: string };
  /** The chaos user: sees and kills every connection, reads no data. */
  readonly chaos: DbLogin;
  /** TOPOLOGY=primary-replica: the second server's published port. */
  readonly db2Port: number;
}

/** A setting from the process environment, else the lab's .env file (else .env.example), else the fallback. */
export const labSetting = (env: Env, file: Record<string, string>, name: string, fallback?: string) =>
  env[name]?.trim() || file[name] || fallback;

/**
 * Each setting as labSetting finds it, or the lab's default. DB_HOST and DB_PORT count only from the
 * process environment: in .env they describe the compose network (db:3306), and the host reaches the
 * database on 127.0.0.1:DB_PUBLISHED_PORT instead.
 */
export function hostLab(
  { connectTimeoutMs }: { readonly connectTimeoutMs: number },
  env: Env = process.env,
  file: Record<string, string> = readLabEnvFile(),
): HostLab {
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
    appUrl: `http://127.0.0.1:${setting('APP_PORT', '8080')}`,
    composeProject: setting('COMPOSE_PROJECT_NAME', 'simplerr-lab'),
    app: withHiddenPassword<DbLogin & { database: string }>(
      {
        host,
        port,
        database: setting('DB_NAME', 'simplerr_schema'),
        user: setting('DB_USER', 'simplerr'),
        connectTimeoutMs,
      },
      setting('DB_PASSWORD'),
    ),
    chaos: withHiddenPassword<DbLogin>(
      { host, port, user: setting('CHAOS_DB_USER', 'simplerr_chaos'), connectTimeoutMs },
      setting('CHAOS_DB_PASSWORD'),
    ),
    db2Port: Number(setting('DB2_PUBLISHED_PORT', '3308')),
  };
}
