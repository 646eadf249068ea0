import * as mariadb from 'mariadb';
import { closeConnection } from './closeConnection';
import { loginOptions } from '../../../lib/db/loginOptions';
import type { StrategyFactory } from './strategy';

/**
 * The tutorial's fix: open a connection before each request, close it after the response.
 * A connection that lives for one request cannot be found asleep and killed.
 */
export const createPerRequestStrategy: StrategyFactory = (config, hooks) => {
  const options = loginOptions(config.db);
  const open = new Set<mariadb.Connection>();
  return {
    name: 'per-request',
    async start() {},
    async acquire() {
      const conn = await mariadb.createConnection(options);
      // Without a listener, a socket error after the response would be thrown and crash the process.
      conn.on('error', () => {});
      open.add(conn);
      hooks.opened(conn.threadId);
      return conn;
    },
    acquireFresh() {
      return this.acquire();
    },
    async release(conn, broken) {
      open.delete(conn);
      await closeConnection(conn, broken, hooks);
    },
    async close() {
      await Promise.all([...open].map((conn) => closeConnection(conn, false, hooks)));
      open.clear();
    },
  };
};
