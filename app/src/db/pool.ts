import * as mariadb from 'mariadb';
import { connectionOptions, MIN_CONNECT_MS } from './connectionOptions';
import { closeConnection } from './closeConnection';
import { openConnection } from './connectionPerRequest';
import { MaxLifetime } from './maxLifetime';
import { ServerChange } from './dropOnServerChange';
import { classifyDbError, PoolCannotConnectError } from '../../../lib/db/errors';
import type { StrategyFactory } from './strategy';

/**
 * Whether the pool's acquire failed because no connection could be opened. The connector names the
 * connect error as the cause only when nothing is checked out and a connect already failed; a connect
 * still hanging (a restarting or frozen server), or one request holding a connection, hides it. A pool
 * with room for another connection that gave none was not exhausted: telling a learner "pool-exhausted"
 * while the server is down would send them to the wrong place.
 */
export function couldNotConnect(err: unknown, checkedOut: number, size: number): boolean {
  const { kind } = classifyDbError(err);
  return kind === 'server-unreachable' || (kind === 'pool-exhausted' && checkedOut < size);
}

/**
 * The next step for heavier load: the connector's pool.
 * - idle connections older than validateAfterIdleMs are pinged before reuse (the connector's validation);
 * - idle connections are closed after idleTimeoutSeconds, and none is reused past maxLifetimeSeconds
 *   (maxLifetime.ts) — both below the server's wait_timeout, so the server never has to close one under us;
 * - after a write met a read-only server (a demoted primary), every connection opened before it is
 *   dropped (dropOnServerChange.ts): they point at the old server;
 * - acquiring fails fast (acquireTimeoutMs) when the database is down, instead of queueing requests for 10 s;
 * - when the pool could not connect, one direct connection is tried: after an outage the connector
 *   waits longer and longer between its own reconnection attempts (200 ms more after each failure,
 *   up to 10 s), and the first request after the database is back must not wait for that. The try
 *   gets what is left of DB_CONNECT_TIMEOUT_MS, so getting a connection never takes longer than that.
 */
/** How long after a read-only error the endpoint may still send new connections to the demoted server. */
const ENDPOINT_MOVE_ALLOWANCE_MS = 1000;

export const createPoolStrategy: StrategyFactory = (config, hooks) => {
  const settings = config.pool;
  const options = connectionOptions(config.db);
  const pool = mariadb.createPool({
    ...options,
    connectionLimit: settings.size,
    acquireTimeout: settings.acquireTimeoutMs,
    idleTimeout: settings.idleTimeoutSeconds,
    minDelayValidation: settings.validateAfterIdleMs,
    minimumIdle: 0, // open on demand, so an idle lab shows an empty process list
  });
  // Retries get a connection of their own, outside the pool, closed when the route is done.
  const outsidePool = new WeakSet<mariadb.Connection>();
  const lifetime = new MaxLifetime(
    settings.maxLifetimeSeconds * 1000,
    settings.idleTimeoutSeconds * 1000,
    settings.size * 4,
  );

  pool.on('connection', (conn) => {
    lifetime.born(conn.threadId);
    hooks.opened(conn.threadId);
  });
  // (An idle pooled connection that dies emits 'error' on the pool: createPool already listens for it.)

  const retire = (conn: mariadb.PoolConnection, reason: string) => {
    lifetime.forget(conn.threadId);
    conn.destroy();
    hooks.destroyed(conn.threadId, reason);
  };

  const connectOutsidePool = async (connectTimeout = options.connectTimeout) => {
    const conn = await openConnection({ ...options, connectTimeout });
    outsidePool.add(conn);
    hooks.opened(conn.threadId);
    return conn;
  };

  const serverChange = new ServerChange();
  let dropAgain: NodeJS.Timeout | undefined;
  const fromOldServer = (conn: mariadb.PoolConnection) => serverChange.predates(lifetime.birthOf(conn));
  const whyRetire = (conn: mariadb.PoolConnection) =>
    fromOldServer(conn) ? 'server-changed' : lifetime.tooOld(conn) ? 'max-lifetime' : undefined;

  const checkout = async () => {
    for (;;) {
      const conn = await pool.getConnection();
      const reason = whyRetire(conn);
      if (!reason) return conn;
      retire(conn, reason);
    }
  };

  return {
    name: 'pool',
    async start() {},
    async acquire() {
      const deadline = Date.now() + config.db.connectTimeoutMs;
      try {
        return await checkout();
      } catch (err) {
        // Only when the pool could not connect: a pool whose connections were all busy (pool-exhausted)
        // must not grow past its size.
        if (!couldNotConnect(err, pool.activeConnections(), settings.size)) throw err;
        const left = deadline - Date.now();
        if (left < MIN_CONNECT_MS) throw new PoolCannotConnectError(err);
        return connectOutsidePool(left); // fails as fast when the server is still down
      }
    },
    acquireFresh: () => connectOutsidePool(),
    serverChanged() {
      const drop = () => {
        serverChange.mark();
        void serverChange.dropIdle(pool, fromOldServer, (conn) => retire(conn, 'server-changed'));
      };
      drop();
      // Once more a moment later: a connection opened between the demotion and the endpoint's move still
      // reached the old server, and no error may ever come on it if only reads use it. One pending timer
      // serves every error of the same demotion.
      if (dropAgain) return;
      dropAgain = setTimeout(() => {
        dropAgain = undefined;
        drop();
      }, ENDPOINT_MOVE_ALLOWANCE_MS).unref();
    },
    async release(conn, broken) {
      if (outsidePool.has(conn)) return closeConnection(conn, broken, hooks);
      const pooled = conn as mariadb.PoolConnection;
      if (broken) return retire(pooled, 'broken');
      if (fromOldServer(pooled)) return retire(pooled, 'server-changed');
      try {
        await pooled.release();
      } catch {
        retire(pooled, 'release-failed');
      }
    },
    poolStats: () => ({
      size: settings.size,
      total: pool.totalConnections(),
      idle: pool.idleConnections(),
      active: pool.activeConnections(),
      waiting: pool.taskQueueSize(),
    }),
    async close() {
      clearTimeout(dropAgain);
      await pool.end();
      for (const threadId of lifetime.takeAll()) hooks.closed(threadId);
    },
  };
};
