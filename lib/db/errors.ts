/**
 * One taxonomy for database failures, for MySQL and MariaDB alike: the app answers by it, the chaos
 * program and the tests read errors through it.
 * We classify by errno, SQLState class and Node's socket error codes — never by message
 * text, which differs between servers, versions and languages.
 */
import { APP_ERROR_CODES, CONNECTOR, CR, ER } from './errorCodes';

export { ConnectionLimitError, DatabaseTimeoutError, PoolCannotConnectError, type DeadlineSetting } from './appErrors';
export { describeError, errnoOf, summarizeDbError, type DbErrorSummary } from './describeError';
export { APP_ERROR_CODES, CONNECTOR, CR, ER } from './errorCodes';

export const DB_FAILURE_KINDS = [
  'connection-lost', // the connection died under us: killed, timed out, server restarted
  'server-unreachable', // no connection could be made (or acquired) in time
  'too-many-connections', // the server refuses new connections
  'pool-exhausted', // every connection the app may hold is busy: the database is fine, the app is at its limit
  'query-killed', // the statement was interrupted (KILL QUERY), the connection lives on
  'database-timeout', // no answer before the deadline: a partition, a frozen server; the connection is destroyed
  'read-only', // the server refuses writes: a primary demoted or failed over; the connection points at the old one
  'transaction-conflict', // a deadlock or lock wait: the server gave up the transaction, which may run again
  'bad-request', // the server rejected the data we sent
  'internal', // anything else: a bug, a missing grant, a schema mismatch
] as const;
export type DbFailureKind = (typeof DB_FAILURE_KINDS)[number];

export interface DbFailure {
  readonly kind: DbFailureKind;
  /** The connection this happened on must not be reused. */
  readonly connectionBroken: boolean;
  /** A read may safely run again on another connection. Writes are never retried blindly. */
  readonly readRetryable: boolean;
}

interface DriverErrorShape {
  errno?: number;
  sqlState?: string | null;
  code?: string;
  fatal?: boolean;
  cause?: unknown;
}

const CONNECTION_LOST = new Set<number>([
  CONNECTOR.CONNECTION_ALREADY_CLOSED,
  CONNECTOR.CMD_NOT_EXECUTED_DESTROYED,
  CONNECTOR.SOCKET_UNEXPECTED_CLOSE,
  CONNECTOR.CMD_CONNECTION_CLOSED,
  CONNECTOR.SOCKET_TIMEOUT,
  ER.SERVER_SHUTDOWN,
  ER.CONNECTION_KILLED,
  ER.CLIENT_INTERACTION_TIMEOUT,
  CR.SERVER_GONE_ERROR,
  CR.SERVER_LOST,
]);
const SERVER_UNREACHABLE = new Set<number>([
  CONNECTOR.CONNECTION_TIMEOUT,
  CONNECTOR.POOL_ALREADY_CLOSED,
  CONNECTOR.GET_CONNECTION_TIMEOUT,
  CONNECTOR.CLOSING_POOL,
  CR.CONNECTION_ERROR,
  CR.CONN_HOST_ERROR,
]);
const TOO_MANY_CONNECTIONS = new Set<number>([ER.CON_COUNT_ERROR, ER.TOO_MANY_USER_CONNECTIONS]);
const QUERY_KILLED = new Set<number>([ER.QUERY_INTERRUPTED, ER.QUERY_TIMEOUT]);
// Two keyed writes of one key at once (a client's repeat meeting its first try, still open after a
// lost answer) can deadlock on the key's unique index: the loser's transaction is rolled back whole.
const TRANSACTION_CONFLICT = new Set<number>([ER.LOCK_DEADLOCK, ER.LOCK_WAIT_TIMEOUT]);
// A demoted primary keeps answering, reads included: only a write shows that this connection
// points at the wrong server, and every connection opened before it likely does too.
const READ_ONLY = new Set<number>([
  ER.OPTION_PREVENTS_STATEMENT,
  ER.CANT_EXECUTE_IN_READ_ONLY_TRANSACTION,
  ER.INNODB_READ_ONLY,
]);
const BAD_REQUEST = new Set<number>([
  ER.BAD_NULL,
  ER.DUP_ENTRY,
  ER.WARN_DATA_OUT_OF_RANGE,
  ER.TRUNCATED_WRONG_VALUE,
  ER.DATA_TOO_LONG,
]);
// Logins that can never succeed as configured: retrying or calling the connection lost would mislead.
const LOGIN_MISCONFIGURED = new Set<number>([CONNECTOR.CANNOT_RETRIEVE_RSA_KEY]);
const LOST_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ERR_STREAM_DESTROYED']);
const UNREACHABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ETIMEDOUT']);

function failure(kind: DbFailureKind, connectionBroken: boolean, readRetryable: boolean): DbFailure {
  return { kind, connectionBroken, readRetryable };
}

function kindOf(err: DriverErrorShape): DbFailure | undefined {
  const { errno, sqlState, code } = err;
  // The pool's acquire timeout names the connect error as its cause when it could not connect (the
  // server is unreachable); without a cause, every pooled connection was busy.
  if (errno === CONNECTOR.GET_CONNECTION_TIMEOUT && err.cause == null) return failure('pool-exhausted', false, false);
  if (code === APP_ERROR_CODES.CONNECTION_LIMIT) return failure('pool-exhausted', false, false);
  if (code === APP_ERROR_CODES.POOL_CANNOT_CONNECT) return failure('server-unreachable', true, false);
  // Nothing came back: the connection may be half-open, so it is never reused; a retry would wait as long again.
  if (code === APP_ERROR_CODES.DATABASE_TIMEOUT) return failure('database-timeout', true, false);
  if (errno !== undefined) {
    if (CONNECTION_LOST.has(errno)) return failure('connection-lost', true, true);
    if (SERVER_UNREACHABLE.has(errno)) return failure('server-unreachable', true, false);
    if (TOO_MANY_CONNECTIONS.has(errno)) return failure('too-many-connections', true, false);
    // The connector treats an interrupted query (SQLState 70100) as fatal and closes the connection.
    if (QUERY_KILLED.has(errno)) return failure('query-killed', err.fatal === true, true);
    // Broken: never reused, it points at the old server. Retryable: nothing was written, so a keyed
    // write may run once more on a fresh connection, which goes through the endpoint again.
    if (READ_ONLY.has(errno)) return failure('read-only', true, true);
    if (BAD_REQUEST.has(errno)) return failure('bad-request', false, false);
    if (TRANSACTION_CONFLICT.has(errno)) return failure('transaction-conflict', false, true);
    // Its SQLState is 08S01, but nothing was lost: the connector refused to send the password.
    if (LOGIN_MISCONFIGURED.has(errno)) return failure('internal', true, false);
  }
  if (code && LOST_SOCKET_CODES.has(code)) return failure('connection-lost', true, true);
  if (code && UNREACHABLE_SOCKET_CODES.has(code)) return failure('server-unreachable', true, false);
  // SQLState class 08 is "connection exception" in the SQL standard.
  if (sqlState?.startsWith('08')) return failure('connection-lost', true, true);
  return undefined;
}

/** Classifies anything a query, connect or acquire can throw. */
export function classifyDbError(err: unknown): DbFailure {
  let current: unknown = err;
  // The connector wraps socket errors (ECONNREFUSED, ...) as the cause of its own error.
  for (let depth = 0; current && typeof current === 'object' && depth < 4; depth++) {
    const found = kindOf(current);
    if (found) return found;
    current = (current as DriverErrorShape).cause;
  }
  const fatal = typeof err === 'object' && err !== null && (err as DriverErrorShape).fatal === true;
  return failure('internal', fatal, false);
}
