import * as mariadb from 'mariadb';
import { closeConnection } from './closeConnection';
import { connectionOptions } from './connectionOptions';
import type { StrategyFactory } from './strategy';

/**
 * The tutorial's fix: open a connection before each request, close it after the response.
 * A connection that lives for one request cannot be found asleep and killed.
 */
export const createPerRequestStrategy: StrategyFactory = (config, hooks) => {
  const options = connectionOptions(config.db);
  const open = new Set<mariadb.Connection>();
  return {
    name: 'per-request',
    async start() {},
    async acquire(log) {
      const conn = await mariadb.createConnection(options);
      // Without a listener, a socket error after the response would be thrown and crash the process.
      conn.on('error', () => {});
      open.add(conn);
      hooks.opened(conn.threadId, log);
      return conn;
    },
    acquireFresh(log) {
      return this.acquire(log);
    },
    async release(conn, broken, log) {
      open.delete(conn);
      await closeConnection(conn, broken, hooks, log);
    },
    stats: () => ({}),
    async close() {
      await Promise.all([...open].map((conn) => closeConnection(conn, false, hooks)));
      open.clear();
    },
  };
};
