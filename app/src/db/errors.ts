/**
 * One taxonomy for database failures, for MySQL 8.x and MariaDB alike.
 * We classify by errno, SQLState class and Node's socket error codes — never by message
 * text, which differs between servers, versions and languages.
 */
export const DB_FAILURE_KINDS = [
  'connection-lost', // the connection died under us: killed, timed out, server restarted
  'server-unreachable', // no connection could be made (or acquired) in time
  'too-many-connections', // the server refuses new connections
  'query-killed', // the statement was interrupted (KILL QUERY), the connection lives on
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

// Connector-side errnos (mariadb npm connector, lib/misc/errors.js) and server/client errnos.
const CONNECTION_LOST = new Set([
  45001, // ER_CONNECTION_ALREADY_CLOSED
  45004, // ER_CMD_NOT_EXECUTED_DESTROYED
  45009, // ER_SOCKET_UNEXPECTED_CLOSE: the server closed the socket (KILL on MySQL, restart)
  45013, // ER_CMD_CONNECTION_CLOSED
  45026, // ER_SOCKET_TIMEOUT
  1053, // ER_SERVER_SHUTDOWN
  1927, // ER_CONNECTION_KILLED (MariaDB)
  2006, // CR_SERVER_GONE_ERROR
  2013, // CR_SERVER_LOST
  4031, // ER_CLIENT_INTERACTION_TIMEOUT (MySQL 8.0.24+, after wait_timeout)
]);
const SERVER_UNREACHABLE = new Set([
  45012, // ER_CONNECTION_TIMEOUT
  45027, // ER_POOL_ALREADY_CLOSED
  45028, // ER_GET_CONNECTION_TIMEOUT: the pool's acquire timeout
  45037, // ER_CLOSING_POOL
  2002, // CR_CONNECTION_ERROR
  2003, // CR_CONN_HOST_ERROR
]);
const TOO_MANY_CONNECTIONS = new Set([1040, 1203]); // ER_CON_COUNT_ERROR, ER_TOO_MANY_USER_CONNECTIONS
const QUERY_KILLED = new Set([1317, 3024]); // ER_QUERY_INTERRUPTED, ER_QUERY_TIMEOUT (MySQL)
const BAD_REQUEST = new Set([1048, 1062, 1264, 1366, 1406]); // null, duplicate, range, value, too long
const LOST_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ERR_STREAM_DESTROYED']);
const UNREACHABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ETIMEDOUT']);

function failure(kind: DbFailureKind, connectionBroken: boolean, readRetryable: boolean): DbFailure {
  return { kind, connectionBroken, readRetryable };
}

function kindOf(err: DriverErrorShape): DbFailure | undefined {
  const { errno, sqlState, code } = err;
  if (errno !== undefined) {
    if (CONNECTION_LOST.has(errno)) return failure('connection-lost', true, true);
    if (SERVER_UNREACHABLE.has(errno)) return failure('server-unreachable', true, false);
    if (TOO_MANY_CONNECTIONS.has(errno)) return failure('too-many-connections', true, false);
    // The connector treats an interrupted query (SQLState 70100) as fatal and closes the connection.
    if (QUERY_KILLED.has(errno)) return failure('query-killed', err.fatal === true, true);
    if (BAD_REQUEST.has(errno)) return failure('bad-request', false, false);
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
    const found = kindOf(current as DriverErrorShape);
    if (found) return found;
    current = (current as DriverErrorShape).cause;
  }
  const fatal = typeof err === 'object' && err !== null && (err as DriverErrorShape).fatal === true;
  return failure('internal', fatal, false);
}

/** True when err came from the database layer (a driver or socket error), not from our own code. */
export function isDriverError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { errno, sqlState, code } = err as DriverErrorShape;
  return errno !== undefined || typeof sqlState === 'string' || (code !== undefined && /^(E[A-Z_]+|ER_\w+)$/.test(code));
}

/** What the logs keep of an expected database failure: its codes and message, not its stack. */
export interface DbErrorSummary {
  message?: string;
  code?: string;
  errno?: number;
  sqlState?: string | null;
  fatal?: boolean;
  /** The code of the socket error the connector wrapped (ECONNREFUSED...), when there is one. */
  causeCode?: string;
}

/**
 * A failure the taxonomy names is an expected one: its codes say what happened, and its stack is the
 * connector's internals, the same on every line. A failing app logs one line per request (naive under
 * kill-idle chaos: thousands a second), so those lines stay small; an internal error keeps its stack.
 */
export function summarizeDbError(err: unknown): DbErrorSummary {
  if (typeof err !== 'object' || err === null) return { message: String(err) };
  const { message, code, errno, sqlState, fatal, cause } = err as DriverErrorShape & { message?: unknown };
  const causeCode = typeof cause === 'object' && cause !== null ? (cause as DriverErrorShape).code : undefined;
  const summary: DbErrorSummary = { message: typeof message === 'string' ? message : undefined, code, errno, sqlState, fatal };
  if (causeCode) summary.causeCode = causeCode;
  return summary;
}
