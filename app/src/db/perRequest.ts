import * as mariadb from 'mariadb';
import { closeConnection } from './closeConnection';
import { ConnectionLimit } from './connectionLimit';
import { connectionOptions, MIN_CONNECT_MS } from './connectionOptions';
import type { StrategyFactory } from './strategy';

/**
 * The tutorial's fix: open a connection before each request, close it when the route is done.
 * A connection that lives for one request cannot be found asleep and killed.
 * At most DB_MAX_CONNECTIONS are open at once: a request waits for a free slot at most
 * POOL_ACQUIRE_TIMEOUT_MS, then connects with what is left of DB_CONNECT_TIMEOUT_MS.
 */
export const createPerRequestStrategy: StrategyFactory = (config, hooks) => {
  const options = connectionOptions(config.db);
  const open = new Set<mariadb.Connection>();
  const limit = new ConnectionLimit(config.dbMaxConnections);
  return {
    name: 'per-request',
    async start() {},
    async acquire() {
      const started = Date.now();
      await limit.take(started + config.pool.acquireTimeoutMs);
      try {
        const connectTimeout = Math.max(MIN_CONNECT_MS, started + config.db.connectTimeoutMs - Date.now());
        const conn = await mariadb.createConnection({ ...options, connectTimeout });
        // Without a listener, a socket error once the request is done would be thrown and crash the process.
        conn.on('error', () => {});
        open.add(conn);
        hooks.opened(conn.threadId);
        return conn;
      } catch (err) {
        limit.give();
        throw err;
      }
    },
    acquireFresh() {
      return this.acquire();
    },
    async release(conn, broken) {
      if (!open.delete(conn)) return; // released already: its slot went back then
      try {
        await closeConnection(conn, broken, hooks);
      } finally {
        limit.give();
      }
    },
    async close() {
      await Promise.all([...open].map((conn) => closeConnection(conn, false, hooks)));
      open.clear();
    },
  };
};
