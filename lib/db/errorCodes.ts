/**
 * The database errnos the lab reacts to, named once. Server errnos are the server's own numbers
 * (the same on MySQL and MariaDB unless noted); 2xxx are client errors; 45xxx are the mariadb
 * connector's own (node_modules/mariadb/lib/misc/errors.js).
 */
export const ER = {
  CON_COUNT_ERROR: 1040, // Too many connections
  SERVER_SHUTDOWN: 1053,
  NO_SUCH_THREAD: 1094, // Unknown thread id: the connection closed before our KILL
  TOO_MANY_USER_CONNECTIONS: 1203,
  SPECIFIC_ACCESS_DENIED: 1227, // a missing privilege (PROCESS, SUPER, CONNECTION_ADMIN, ...)
  LOCK_WAIT_TIMEOUT: 1205, // innodb_lock_wait_timeout: the statement gave up, the transaction lives on
  LOCK_DEADLOCK: 1213, // the server rolled the whole transaction back
  QUERY_INTERRUPTED: 1317, // KILL QUERY
  CONNECTION_KILLED: 1927, // MariaDB's number for a KILLed connection (connector 3.5 reports the socket close instead)
  QUERY_TIMEOUT: 3024, // MySQL: max_execution_time
  // MySQL 8.0.24+ sends it before closing a connection idle past wait_timeout; connector 3.5 drops the
  // packet (its SQLState HY000 is not a connection class) and reports the socket close (45009) instead.
  CLIENT_INTERACTION_TIMEOUT: 4031,
  BAD_NULL: 1048,
  DUP_ENTRY: 1062,
  WARN_DATA_OUT_OF_RANGE: 1264,
  TRUNCATED_WRONG_VALUE: 1366,
  DATA_TOO_LONG: 1406,
  // The server is read-only: a demoted primary (super_read_only, read_only), a replica.
  OPTION_PREVENTS_STATEMENT: 1290, // --read-only: every write, on MySQL and MariaDB
  CANT_EXECUTE_IN_READ_ONLY_TRANSACTION: 1792, // a write inside START TRANSACTION READ ONLY
  INNODB_READ_ONLY: 1836, // MySQL's ER_INNODB_READ_ONLY: the server runs with innodb_read_only
} as const;

export const CR = {
  CONNECTION_ERROR: 2002,
  CONN_HOST_ERROR: 2003,
  SERVER_GONE_ERROR: 2006,
  SERVER_LOST: 2013,
} as const;

/** The connector's own errors. */
export const CONNECTOR = {
  CONNECTION_ALREADY_CLOSED: 45001,
  CMD_NOT_EXECUTED_DESTROYED: 45004,
  SOCKET_UNEXPECTED_CLOSE: 45009, // the server closed the socket (a KILL on MySQL, a restart)
  CONNECTION_TIMEOUT: 45012,
  CMD_CONNECTION_CLOSED: 45013,
  SOCKET_TIMEOUT: 45026,
  POOL_ALREADY_CLOSED: 45027,
  GET_CONNECTION_TIMEOUT: 45028, // the pool's acquire timeout
  CLOSING_POOL: 45037,
  // MySQL's caching_sha2_password, first login without TLS and without allowPublicKeyRetrieval.
  CANNOT_RETRIEVE_RSA_KEY: 45044,
} as const;

/** Errors the lab's own code raises where a driver would (by code, so the taxonomy never reads a message). */
export const APP_ERROR_CODES = {
  /** The per-request strategy waited for one of its DB_MAX_CONNECTIONS and none came free in time. */
  CONNECTION_LIMIT: 'LAB_CONNECTION_LIMIT',
  /** A query, or the request's whole database work, ran past its deadline (DB_QUERY_TIMEOUT_MS, REQUEST_TIMEOUT_MS). */
  DATABASE_TIMEOUT: 'LAB_DATABASE_TIMEOUT',
  /** The pool had room for another connection and none could be opened in time: the server, not the pool, is the limit. */
  POOL_CANNOT_CONNECT: 'LAB_POOL_CANNOT_CONNECT',
} as const;
