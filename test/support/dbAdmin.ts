import * as mariadb from 'mariadb';
import { lab } from './labEnv';
import { waitFor } from './waitFor';

export interface ProcessRow {
  id: number;
  command: string;
  time: number;
}

/** A connection as the chaos user: it may read the whole process list, and nothing of the data. */
export async function chaosConnection(): Promise<mariadb.Connection> {
  const conn = await mariadb.createConnection({
    host: lab.dbHost, port: lab.dbPort, user: lab.chaosUser, password: lab.chaosPassword,
    allowPublicKeyRetrieval: true, connectTimeout: 2000,
  });
  conn.on('error', () => {});
  return conn;
}

/** A connection as the app user, straight to the database (to count rows). */
export async function appUserConnection(): Promise<mariadb.Connection> {
  const conn = await mariadb.createConnection({
    host: lab.dbHost, port: lab.dbPort, user: lab.appUser, password: lab.appPassword, database: lab.dbName,
    allowPublicKeyRetrieval: true, connectTimeout: 2000, bigIntAsNumber: true,
  });
  conn.on('error', () => {});
  return conn;
}

/** The app user's connections in the server's process list, excluding the asking connection. */
export async function appConnections(conn: mariadb.Connection, user = lab.appUser): Promise<ProcessRow[]> {
  const rows = await conn.query<{ id: number; command: string; time: number }[]>(
    `SELECT ID AS id, COMMAND AS command, TIME AS time FROM information_schema.PROCESSLIST
      WHERE USER = ? AND ID <> CONNECTION_ID() ORDER BY ID`, [user]);
  return rows.map((r) => ({ id: Number(r.id), command: r.command, time: Number(r.time) }));
}

/**
 * Waits until the app user's connections, leaving out `others` (those open before the app under
 * test started), number at most `max`: 0 for per-request, the pool size for pool.
 */
export async function waitForConnectionsAtMost(conn: mariadb.Connection, others: readonly number[], max: number, timeoutMs = 15_000): Promise<ProcessRow[]> {
  return waitFor(`the app to hold at most ${max} connections`, async () => {
    const mine = (await appConnections(conn)).filter((c) => !others.includes(c.id));
    return mine.length <= max ? mine : undefined;
  }, { timeoutMs, intervalMs: 200 });
}
