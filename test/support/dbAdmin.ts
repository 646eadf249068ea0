import * as mariadb from 'mariadb';
import type { DbLogin } from '../../lib/db/loginOptions';
import { loginOptions } from '../../lib/db/loginOptions';
import { withHiddenPassword } from '../../lib/settings/envReaders';
import { readProcessList, type ProcessRow } from '../../lib/db/processList';
import { appLogin, chaosLogin, lab, labEnv } from './labEnv';
import { countRowsBy } from './people';
import { waitFor } from '../../lib/waitFor';

export type { ProcessRow };

async function connect(login: DbLogin): Promise<mariadb.Connection> {
  const conn = await mariadb.createConnection(loginOptions(login));
  conn.on('error', () => {}); // a test notices a dead connection on its next query
  return conn;
}

/** As the chaos user: it may read the whole process list, and nothing of the data. `port`: another lab's database. */
export const chaosConnection = (port = chaosLogin.port) =>
  connect(
    port === chaosLogin.port ? chaosLogin : withHiddenPassword<DbLogin>({ ...chaosLogin, port }, chaosLogin.password),
  );

/** As root: for what no lab user may do, such as turning the server read-only as a demoted primary is. */
export const rootConnection = () =>
  connect(withHiddenPassword<DbLogin>({ ...chaosLogin, user: 'root' }, labEnv().ROOT_DB_PASSWORD ?? ''));

/** A connection as the app user, straight to the database (to count rows). */
export const appUserConnection = () => connect(appLogin);

/** The app user's connections in the server's process list, excluding the asking connection. */
export function appConnections(conn: mariadb.Connection, user = lab.appUser): Promise<ProcessRow[]> {
  return readProcessList(conn, { user });
}

/**
 * Waits until the app user's connections, leaving out `others` (those open before the app under
 * test started), number at most `max`: 0 for per-request, the pool size for pool. `idle`: and every
 * one of them asleep — a pool refilling after a fault shows a connection mid-handshake for a moment.
 */
export async function waitForConnectionsAtMost(
  conn: mariadb.Connection,
  others: readonly number[],
  max: number,
  timeoutMs = 15_000,
  { idle = false } = {},
): Promise<ProcessRow[]> {
  return waitFor(
    `the app to hold at most ${max} connections${idle ? ', all idle' : ''}`,
    async () => {
      const mine = (await appConnections(conn)).filter((c) => !others.includes(c.id));
      const settled = !idle || mine.every((c) => c.command === 'Sleep');
      return mine.length <= max && settled ? mine : undefined;
    },
    { timeoutMs, intervalMs: 200 },
  );
}

/** A keyed write as the tests send it: the key and the surname of the person it creates. */
export interface KeyedWrite {
  readonly key: string;
  readonly surname: string;
}

/** What each keyed write left on the server of `conn`: its person rows (by surname) and its key rows. */
export async function keyedRows<W extends KeyedWrite>(
  conn: mariadb.Connection,
  writes: readonly W[],
): Promise<{ write: W; people: number; keys: number }[]> {
  const people = await countRowsBy(
    conn,
    ['person', 'surname'],
    writes.map((write) => write.surname),
  );
  const keyRows = await countRowsBy(
    conn,
    ['idempotency_key', 'idem_key'],
    writes.map((write) => write.key),
  );
  return writes.map((write) => ({
    write,
    people: people.get(write.surname) ?? 0,
    keys: keyRows.get(write.key) ?? 0,
  }));
}
