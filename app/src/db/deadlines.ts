import type { Connection } from 'mariadb';
import { DatabaseTimeoutError, type DeadlineSetting } from '../../../lib/db/errors';
import type { DbTimeouts } from '../../../lib/settings/dbTimeouts';

/**
 * What the lab adds for a database that stops answering (a partition, a frozen server): no error ever
 * comes, so only a deadline of our own ends the wait. Each call gets DB_QUERY_TIMEOUT_MS (about a second:
 * what a primary-key read or a keyed write needs), plus the time it asks the server to work, within the
 * request's budget (REQUEST_TIMEOUT_MS, or /readyz's READY_TIMEOUT_MS); past it the call fails as
 * database-timeout, naming the setting, and its connection is destroyed: it may be half-open.
 */
export interface DbDeadlines {
  /** Each database call: a read, or a write's whole transaction (DB_QUERY_TIMEOUT_MS). */
  readonly queryTimeoutMs: number;
  /** Everything together: the connection, the calls, a retry. */
  readonly budgetMs: number;
  readonly budgetSetting: Exclude<DeadlineSetting, 'DB_QUERY_TIMEOUT_MS'>;
}

/** The deadlines from the settings; none with DB_TIMEOUTS=off (the demo of the hang). */
export function deadlinesFor(timeouts: DbTimeouts, check: 'request' | 'ready'): DbDeadlines | undefined {
  if (!timeouts.enabled) return undefined;
  return check === 'request'
    ? {
        queryTimeoutMs: timeouts.queryTimeoutMs,
        budgetMs: timeouts.requestTimeoutMs,
        budgetSetting: 'REQUEST_TIMEOUT_MS',
      }
    : { queryTimeoutMs: timeouts.readyTimeoutMs, budgetMs: timeouts.readyTimeoutMs, budgetSetting: 'READY_TIMEOUT_MS' };
}

/** One request's waits on the database, each bounded by what is left of its budget. Without deadlines, unbounded. */
export class RequestDeadlines {
  private readonly startedAt = Date.now();

  constructor(private readonly deadlines: DbDeadlines | undefined) {}

  /** Getting a connection; one that arrives after the deadline is handed to `late` (which destroys it). */
  acquiring(acquire: () => Promise<Connection>, late: (conn: Connection) => void): Promise<Connection> {
    if (!this.deadlines) return acquire();
    const { ms, error } = this.next(this.deadlines, Infinity);
    if (ms <= 0) return Promise.reject(error());
    const pending = acquire();
    return withinDeadline(pending, ms, error, () => {
      pending.then(late, () => undefined);
    });
  }

  /**
   * One call on `conn`; past its deadline `expired` runs first (it destroys the connection). A call that
   * asks the server to work `serverMs` (the slow demo) gets that on top of DB_QUERY_TIMEOUT_MS.
   */
  bounded<T>(conn: Connection, call: (conn: Connection) => Promise<T>, expired: () => void, serverMs = 0): Promise<T> {
    if (!this.deadlines) return call(conn);
    const { ms, error } = this.next(this.deadlines, this.deadlines.queryTimeoutMs + serverMs);
    if (ms <= 0) return Promise.reject(error());
    return withinDeadline(call(conn), ms, error, expired);
  }

  /** What is left of the budget, and the error that names whichever deadline is nearer. */
  private next(deadlines: DbDeadlines, queryTimeoutMs: number): { ms: number; error: () => DatabaseTimeoutError } {
    const left = deadlines.budgetMs - (Date.now() - this.startedAt);
    if (left < queryTimeoutMs)
      return { ms: left, error: () => new DatabaseTimeoutError(deadlines.budgetSetting, deadlines.budgetMs) };
    return { ms: queryTimeoutMs, error: () => new DatabaseTimeoutError('DB_QUERY_TIMEOUT_MS', queryTimeoutMs) };
  }
}

/**
 * Settles as `work` does, or rejects with a DatabaseTimeoutError after `ms`, calling `expired` first
 * (an answer that comes late must find nobody waiting on that socket).
 */
export function withinDeadline<T>(
  work: Promise<T>,
  ms: number,
  error: () => DatabaseTimeoutError,
  expired: () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      expired();
      reject(error());
    }, ms);
    work.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
