/**
 * The chaos program's own database connection. It must outlive everything the chaos does to the
 * server (restart-db, db-down, a KILL from a second chaos container): when it is gone, the next
 * use reconnects with backoff and says so. A database error never ends the program.
 */
import * as mariadb from 'mariadb';
import type { Connection, ConnectionConfig } from 'mariadb';
import { loginOptions } from '../../lib/db/loginOptions';
import type { Print } from './announce';
import type { ChaosDbSettings } from './config';
import { describeError } from '../../lib/db/errors';
import { formatSeconds } from './lines';
import { sleep, throwIfStopped } from '../../lib/sleep';

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 1000;
const CLOSE_TIMEOUT_MS = 2000;

/**
 * 250 ms, 500 ms, then every second: a restarted server (restart-db, a crashed primary, a re-seed) is
 * used within a second of answering again, not up to 5 s later as a longer backoff would.
 */
export function backoffDelayMs(attempt: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1));
}

/** Attempts 1, 2, 4, 8, 16...: the log stays quiet during a long outage while the retries go on every second. */
export const saysRetry = (attempt: number) => (attempt & (attempt - 1)) === 0;

export function chaosConnectionOptions(db: ChaosDbSettings): ConnectionConfig {
  return {
    ...loginOptions(db),
    // Our connections idle between rounds, and max-connections holds them for minutes: keep the
    // server's default wait_timeout for them even while short-wait-timeout lowers the global one.
    sessionVariables: { wait_timeout: 28800 },
  };
}

/** Opens one more connection as the chaos user (max-connections holds many). */
export async function openChaosConnection(db: ChaosDbSettings): Promise<Connection> {
  const conn = await mariadb.createConnection(chaosConnectionOptions(db));
  // A lost connection emits 'error'; unhandled, that event would end the process. We notice
  // the loss through isValid() before the next use instead.
  conn.on('error', () => {});
  return conn;
}

export async function closeQuietly(conn: Connection): Promise<void> {
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS, 'timeout').unref());
  const ended = await Promise.race([
    conn.end().then(
      () => 'ended' as const,
      () => 'failed' as const,
    ),
    timeout,
  ]);
  if (ended !== 'ended') conn.destroy();
}

export class ChaosDbSession {
  private conn: Connection | undefined;

  constructor(
    private readonly db: ChaosDbSettings,
    private readonly print: Print,
  ) {}

  /** Our connection, opened again with backoff if it is gone, until it works or stop is requested. */
  async connection(signal: AbortSignal): Promise<Connection> {
    if (this.conn?.isValid()) return this.conn;
    if (this.conn) {
      this.print(`our database connection ${this.conn.threadId} is gone; reconnecting`);
      this.conn.destroy();
      this.conn = undefined;
    }
    for (let attempt = 1; ; attempt++) {
      throwIfStopped(signal);
      try {
        const conn = await openChaosConnection(this.db);
        this.print(
          `connected to ${this.db.host}:${this.db.port} as ${this.db.user} (server ${conn.serverVersion()}, connection ${conn.threadId})`,
        );
        this.conn = conn;
        return conn;
      } catch (err) {
        const wait = backoffDelayMs(attempt);
        if (saysRetry(attempt))
          this.print(
            `database not reachable as ${this.db.user}@${this.db.host}:${this.db.port} (${describeError(err)}); ` +
              `attempt ${attempt}, retrying in ${formatSeconds(wait / 1000)}`,
          );
        await sleep(wait, signal);
      }
    }
  }

  /** Runs fn on our connection. A connection that died meanwhile is dropped, so the next use reconnects. */
  async use<T>(signal: AbortSignal, fn: (conn: Connection) => Promise<T>): Promise<T> {
    const conn = await this.connection(signal);
    try {
      return await fn(conn);
    } catch (err) {
      if (!conn.isValid() && this.conn === conn) {
        this.print(`lost our database connection ${conn.threadId} (${describeError(err)}); reconnecting`);
        conn.destroy();
        this.conn = undefined;
      }
      throw err;
    }
  }

  async close(): Promise<void> {
    const conn = this.conn;
    this.conn = undefined;
    if (conn) await closeQuietly(conn);
  }
}
