/**
 * Each strategy's way of using the database, without HTTP: the same SELECT through the same connector,
 * `concurrency` loops at once, as the app's requests would run it. Its throughput is the strategy's
 * database ceiling on this machine: no app built on that pattern can answer faster.
 * - naive: one shared connection, every loop's query in flight on it together (the connector queues them);
 * - per-request: connect, query, close, every time;
 * - pool: check a connection out of a pool of the app's size, query, release it.
 * With `pipelining: false`, naive's connection sends a statement only after the last one's answer, as
 * each pooled connection does (--pipelining: is pipelining what makes naive fast on a trivial query?).
 */
import { setImmediate } from 'node:timers/promises';
import * as mariadb from 'mariadb';
import { loginOptions } from '../../lib/db/loginOptions';
import type { StrategyName } from '../../lib/settings/strategies';
import type { DrillDbSettings } from './labSettings';
import { loopLoad, type LoadSettings } from './load';
import type { Figures } from './results';

/** The statement behind GET /person/first (app/src/people/repository.ts firstPerson). */
const FIRST_PERSON_SQL = 'SELECT id, firstname, surname FROM person ORDER BY id LIMIT 1';

/** A connection of its own for `use`, closed after it (destroyed if the close fails). */
async function withConnection<T>(options: mariadb.ConnectionConfig, use: (conn: mariadb.Connection) => Promise<T>) {
  const conn = await mariadb.createConnection(options);
  try {
    return await use(conn);
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}

const sharedConnection = (db: DrillDbSettings, load: LoadSettings, pipelining: boolean) =>
  withConnection({ ...loginOptions(db.app), pipelining }, (conn) => loopLoad(load, () => conn.query(FIRST_PERSON_SQL)));

const connectionPerQuery = (db: DrillDbSettings, load: LoadSettings) =>
  loopLoad(load, () => withConnection(loginOptions(db.app), (conn) => conn.query(FIRST_PERSON_SQL)));

async function pooled(db: DrillDbSettings, load: LoadSettings, poolSize: number): Promise<Figures> {
  const pool = mariadb.createPool({ ...loginOptions(db.app), connectionLimit: poolSize, minimumIdle: poolSize });
  try {
    // Every connection open before the clock starts, as in an app that has been serving for a while.
    const first = await Promise.all(Array.from({ length: poolSize }, () => pool.getConnection()));
    await Promise.all(first.map((conn) => conn.release()));
    return await loopLoad(load, async () => {
      const conn = await pool.getConnection();
      try {
        await conn.query(FIRST_PERSON_SQL);
      } finally {
        await conn.release();
      }
      // An app's next request arrives on a later turn of the event loop, after the pool has handed the
      // released connection to a waiting one. A loop that asked again at once would take it first, every
      // time: a few loops would keep the pool and the others would wait out acquireTimeout (10 s).
      await setImmediate();
    });
  } finally {
    await pool.end().catch(() => undefined);
  }
}

/** The server's version string ("9.7.4-2", "11.8.3-MariaDB-deb13"), asked once on a connection of its own. */
export const serverVersion = (db: DrillDbSettings): Promise<string> =>
  withConnection(loginOptions(db.app), async (conn) => conn.serverVersion());

/** The database pattern of one strategy (`poolSize` counts for the pool only, `pipelining` for naive only). */
export function measureDbPattern(
  strategy: StrategyName,
  db: DrillDbSettings,
  load: LoadSettings,
  { poolSize, pipelining = true }: { readonly poolSize: number; readonly pipelining?: boolean },
): Promise<Figures> {
  const patterns: Record<StrategyName, () => Promise<Figures>> = {
    naive: () => sharedConnection(db, load, pipelining),
    'per-request': () => connectionPerQuery(db, load),
    pool: () => pooled(db, load, poolSize),
  };
  return patterns[strategy]();
}
