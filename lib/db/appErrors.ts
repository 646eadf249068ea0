import { APP_ERROR_CODES } from './errorCodes';

/*
 * The errors the app raises itself, where a driver would raise its own: each carries a code of
 * APP_ERROR_CODES, and errors.ts classifies it by that code like any driver error.
 */

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

/** No slot came free before the request's deadline: the app is at its own limit, the database is fine. */
export class ConnectionLimitError extends Error {
  readonly code = APP_ERROR_CODES.CONNECTION_LIMIT;

  constructor(max: number) {
    super(`all ${max} connections the app may open are in use`);
    this.name = 'ConnectionLimitError';
  }
}

/** The pool had room for another connection and could not open one in time: the server is the limit. */
export class PoolCannotConnectError extends Error {
  readonly code = APP_ERROR_CODES.POOL_CANNOT_CONNECT;

  constructor(cause: unknown) {
    super('the pool had room for a connection and could not open one in time', { cause });
    this.name = 'PoolCannotConnectError';
  }
}
