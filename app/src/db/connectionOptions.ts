import type { ConnectionConfig } from 'mariadb';
import { loginOptions } from '../../../lib/db/loginOptions';
import type { DbSettings } from '../config';

/** Less time than this is not worth a connect: a server that answers still needs a few round trips. */
export const MIN_CONNECT_MS = 50;

/** The options of every connection the strategies open: the lab's login options and the app's DB_PIPELINING. */
export const connectionOptions = (db: DbSettings): ConnectionConfig => ({
  ...loginOptions(db),
  pipelining: db.pipelining,
});
