import { join } from 'node:path';
import type { DbLogin } from '../../lib/db/loginOptions';
import { hostLab } from '../../lib/settings/hostLab';
import { readLabEnvFile } from '../../lib/settings/labEnvFile';

export const REPO_ROOT = join(__dirname, '..', '..');

/** The lab's settings as a learner has them: .env (made by `make up`), else .env.example. */
export function labEnv(): Record<string, string> {
  return readLabEnvFile(REPO_ROOT);
}

// The tests' own logins (to look at the process list, count rows): a busy machine took over 2 s for one.
// A login that must fail (a cut network) waits this long too.
const CONNECT_TIMEOUT_MS = 5000;

const host = hostLab({ connectTimeoutMs: CONNECT_TIMEOUT_MS }, process.env, labEnv());

export const lab = {
  appUrl: host.appUrl,
  dbHost: host.app.host,
  dbPort: host.app.port,
  dbName: host.app.database,
  appUser: host.app.user,
  appPassword: host.app.password,
  chaosUser: host.chaos.user,
  chaosPassword: host.chaos.password,
  composeProject: host.composeProject,
};

/** The app user, straight to the database from the host (it may read and insert people). */
export const appLogin: DbLogin = host.app;

/** The chaos user: it may list and kill every connection, and read no data. */
export const chaosLogin: DbLogin = host.chaos;
