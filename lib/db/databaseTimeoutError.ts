import { APP_ERROR_CODES } from './errorCodes';

/** The setting whose deadline ran out: the 503 names it, so the learner knows which knob it was. */
export type DeadlineSetting = 'DB_QUERY_TIMEOUT_MS' | 'REQUEST_TIMEOUT_MS' | 'READY_TIMEOUT_MS';

/**
 * The database did not answer in time. A partitioned or frozen server closes nothing, so without a
 * deadline of our own the request would wait as long as the kernel keeps the socket (hours).
 * Raised by the app where a driver would raise its own; classified by its code (errors.ts).
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
