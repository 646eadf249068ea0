import type * as mariadb from 'mariadb';
import { ConnectionLimitError } from '../../../lib/db/errors';
import { closeConnection } from './closeConnection';
import { newConnectionEachRequest } from './connectionPerRequest';
import { connectionOptions, MIN_CONNECT_MS } from './connectionOptions';
import type { StrategyFactory } from './strategy';

/**
 * The per-request strategy: the tutorial's new connection for each request (connectionPerRequest.ts),
 * and what the lab adds to it: at most DB_MAX_CONNECTIONS open at once. A request waits for a free
 * slot at most POOL_ACQUIRE_TIMEOUT_MS, then connects with what is left of DB_CONNECT_TIMEOUT_MS. It
 * is closed politely as the tutorial does, but a broken one, or one whose close fails, is destroyed.
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
        const conn = await newConnectionEachRequest({ ...options, connectTimeout }).open();
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

interface Waiter {
  resolve(): void;
  timer: NodeJS.Timeout;
}

/**
 * At most `max` connections open at once (per-request's DB_MAX_CONNECTIONS): a connection storm
 * queues here, inside the app, for a bounded time, instead of at the server, which answers
 * "Too many connections" to every client past its max_connections.
 */
export class ConnectionLimit {
  private used = 0;
  private readonly queue: Waiter[] = [];

  constructor(private readonly max: number) {}

  get inUse(): number {
    return this.used;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Takes a slot, waiting first come, first served until `deadline` (epoch ms), then throws ConnectionLimitError. */
  take(deadline: number): Promise<void> {
    if (this.used < this.max) {
      this.used++;
      return Promise.resolve();
    }
    const wait = deadline - Date.now();
    if (wait <= 0) return Promise.reject(new ConnectionLimitError(this.max));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        timer: setTimeout(() => {
          this.queue.splice(this.queue.indexOf(waiter), 1);
          reject(new ConnectionLimitError(this.max));
        }, wait),
      };
      this.queue.push(waiter);
    });
  }

  /** Gives a slot back: to the first waiter, if any, else to the free count. */
  give(): void {
    const next = this.queue.shift();
    if (next) {
      clearTimeout(next.timer);
      next.resolve(); // the slot passes on: `used` stays the same
    } else if (this.used > 0) {
      this.used--;
    }
  }
}
