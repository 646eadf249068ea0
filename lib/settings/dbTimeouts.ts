/**
 * How long the app waits for a database that stops answering (a partition, a frozen server): no
 * error comes, so only a deadline of its own ends the wait. Read here once, for the app's config and
 * for the drill, which reports against the same budget. (The connect has its own: DB_CONNECT_TIMEOUT_MS.)
 */
import { integer, oneOf, requireOrder, type Env } from './envReaders';

export interface DbTimeouts {
  /** DB_TIMEOUTS=off: no query or request deadline, to show the hang; /readyz and the connect keep theirs. */
  readonly enabled: boolean;
  /**
   * Each database call: a primary-key read, or a keyed write's transaction, gives up after about a second
   * (a frozen server is noticed fast); the slow demo gets the time it asks for on top.
   */
  readonly queryTimeoutMs: number;
  /**
   * A request's whole database work: its connection, its calls and a retry; past it, 503 database-timeout.
   * Room for the slowest demo (5 s) twice: a read killed by kill-active is retried once, and must finish.
   */
  readonly requestTimeoutMs: number;
  /** /readyz answers within this, whatever the database does (the healthcheck gives it 2.5 s). */
  readonly readyTimeoutMs: number;
}

export function readDbTimeouts(env: Env): DbTimeouts {
  const timeouts: DbTimeouts = {
    enabled: oneOf(env, 'DB_TIMEOUTS', ['on', 'off'] as const, 'on') === 'on',
    queryTimeoutMs: integer(env, 'DB_QUERY_TIMEOUT_MS', 1000, 100, 300_000),
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 12_000, 100, 300_000),
    readyTimeoutMs: integer(env, 'READY_TIMEOUT_MS', 2000, 100, 60_000),
  };
  requireOrder(
    'DB_QUERY_TIMEOUT_MS',
    timeouts.queryTimeoutMs,
    'at most',
    'REQUEST_TIMEOUT_MS',
    timeouts.requestTimeoutMs,
  );
  return Object.freeze(timeouts);
}
