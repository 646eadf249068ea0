import { DatabaseTimeoutError, type DeadlineSetting } from '../../../lib/db/errors';
import type { DbTimeouts } from '../../../lib/settings/dbTimeouts';

/** The deadlines of one request's database work; absent when DB_TIMEOUTS=off (the demo of the hang). */
export interface DbDeadlines {
  /** Each database call: a read, or a write's whole transaction (DB_QUERY_TIMEOUT_MS). */
  readonly queryTimeoutMs: number;
  /** Everything together: the connection, the calls, a retry. */
  readonly budgetMs: number;
  readonly budgetSetting: Exclude<DeadlineSetting, 'DB_QUERY_TIMEOUT_MS'>;
}

/**
 * The deadlines from the settings: a route's request gets DB_QUERY_TIMEOUT_MS per call within
 * REQUEST_TIMEOUT_MS; /readyz's check gets READY_TIMEOUT_MS for all of it. None with DB_TIMEOUTS=off.
 */
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

/**
 * Settles as `work` does, or rejects with a DatabaseTimeoutError after `ms`, calling `expired` first
 * (it destroys the connection: an answer that comes late must find nobody waiting on that socket).
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
