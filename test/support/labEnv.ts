import { join } from 'node:path';
import type { DbLogin } from '../../lib/db/loginOptions';
import { withHiddenPassword } from '../../lib/settings/envReaders';
import { readLabEnvFile } from '../../lib/settings/labEnvFile';

export const REPO_ROOT = join(__dirname, '..', '..');

/** The lab's settings as a learner has them: .env (made by `make up`), else .env.example. */
export function labEnv(): Record<string, string> {
  return readLabEnvFile(REPO_ROOT);
}

const env = labEnv();
const setting = (name: string, fallback?: string) => {
  const value = process.env[name] ?? env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set in .env or .env.example`);
  return value;
};

export const lab = {
  appUrl: `http://127.0.0.1:${setting('APP_PORT', '8080')}`,
  dbHost: '127.0.0.1',
  dbPort: Number(setting('DB_PUBLISHED_PORT', '3307')),
  dbName: setting('DB_NAME', 'simplerr_schema'),
  appUser: setting('DB_USER', 'simplerr'),
  appPassword: setting('DB_PASSWORD'),
  chaosUser: setting('CHAOS_DB_USER', 'simplerr_chaos'),
  chaosPassword: setting('CHAOS_DB_PASSWORD'),
  composeProject: setting('COMPOSE_PROJECT_NAME', 'simplerr-lab'),
};

// The tests' own logins (to look at the process list, count rows): a busy machine took over 2 s for one.
// A login that must fail (a cut network) waits this long too.
const CONNECT_TIMEOUT_MS = 5000;

/** The app user, straight to the database from the host (it may read and insert people). */
export const appLogin: DbLogin = withHiddenPassword<DbLogin>(
  { host: lab.dbHost, port: lab.dbPort, user: lab.appUser, database: lab.dbName, connectTimeoutMs: CONNECT_TIMEOUT_MS },
  lab.appPassword,
);

/** The chaos user: it may list and kill every connection, and read no data. */
export const chaosLogin: DbLogin = withHiddenPassword<DbLogin>(
  { host: lab.dbHost, port: lab.dbPort, user: lab.chaosUser, connectTimeoutMs: CONNECT_TIMEOUT_MS },
  lab.chaosPassword,
);
