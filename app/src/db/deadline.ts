import { DatabaseTimeoutError, type DeadlineSetting } from '../../../lib/db/errors';

export { DatabaseTimeoutError };

/** The deadlines of one request's database work; absent when DB_TIMEOUTS=off (the demo of the hang). */
export interface DbDeadlines {
  /** Each database call: a read, or a write's whole transaction (DB_QUERY_TIMEOUT_MS). */
  readonly queryTimeoutMs: number;
  /** Everything together: the connection, the calls, a retry. */
  readonly budgetMs: number;
  readonly budgetSetting: Exclude<DeadlineSetting, 'DB_QUERY_TIMEOUT_MS'>;
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
