import { APP_ERROR_CODES } from '../../../lib/db/errors';

/** The setting whose deadline ran out: the 503 names it, so the learner knows which knob it was. */
export type DeadlineSetting = 'DB_QUERY_TIMEOUT_MS' | 'REQUEST_TIMEOUT_MS' | 'READY_TIMEOUT_MS';

/**
 * The database did not answer in time. A partitioned or frozen server closes nothing, so without a
 * deadline of our own the request would wait as long as the kernel keeps the socket (hours).
 */
export class DatabaseTimeoutError extends Error {
  readonly code = APP_ERROR_CODES.DATABASE_TIMEOUT;

  constructor(
    readonly setting: DeadlineSetting,
    readonly limitMs: number,
  ) {
    super(`the database did not answer within ${setting} (${limitMs} ms)`);
    this.name = 'DatabaseTimeoutError';
  }
}

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
