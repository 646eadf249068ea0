/**
 * The app's settings, read from the environment once at start-up, validated and frozen.
 * Nothing else in the app reads process.env: a typo in .env stops the app with a message
 * that names the variable, instead of surfacing later as a confusing connection error.
 */
import type { DbLogin } from '../../lib/db/loginOptions';
import {
  ConfigError,
  integer,
  oneOf,
  requireOrder,
  text,
  withHiddenPassword,
  type Env,
} from '../../lib/settings/envReaders';
import { readDbTimeouts, type DbTimeouts } from '../../lib/settings/dbTimeouts';
import { readLabEventsToken } from '../../lib/settings/labEventsToken';
import {
  DEFAULT_DB_MAX_CONNECTIONS,
  DEFAULT_POOL_SIZE,
  DEFAULT_STRATEGY,
  STRATEGIES,
  type StrategyName,
} from '../../lib/settings/strategies';

export { ConfigError, STRATEGIES, type DbTimeouts, type StrategyName };

export interface DbSettings extends DbLogin {
  readonly database: string;
  /**
   * How long a request may wait for a connection before we call the server unreachable (503).
   * A server that answers accepts a connection in milliseconds; a server going down can leave a
   * connect hanging (its port still open while it shuts down), and no request should hang with it.
   */
  readonly connectTimeoutMs: number;
  /**
   * The connector sends a connection's next statement without waiting for the answer to the last
   * (DB_PIPELINING, on by default, as in the connector). Only naive's shared connection ever has more
   * than one statement in flight, so only naive feels it: off, it runs one at a time, as a pooled
   * connection does — the lesson of why naive looks fast under load (`make up STRATEGY=naive DB_PIPELINING=off`).
   */
  readonly pipelining: boolean;
}

export interface PoolSettings {
  readonly size: number;
  /**
   * Fail fast when the database is down: waiting 10 s (the connector's default) only piles up requests.
   * Below DB_CONNECT_TIMEOUT_MS: the pool's wait is part of a request's wait for a connection.
   */
  readonly acquireTimeoutMs: number;
  /** Idle connections are closed by us before the server's wait_timeout closes them under our feet. */
  readonly idleTimeoutSeconds: number;
  /** No connection is reused past this age, so a connection never lives long enough to meet wait_timeout. */
  readonly maxLifetimeSeconds: number;
  /** Idle connections older than this are pinged before being handed out (the connector's pool validation). */
  readonly validateAfterIdleMs: number;
}

export interface Config {
  readonly port: number;
  readonly strategy: StrategyName;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly db: DbSettings;
  readonly pool: PoolSettings;
  readonly timeouts: DbTimeouts;
  /**
   * per-request: at most this many connections open at once, below the server's max_connections (151
   * by default), so a burst of clients waits a moment in the app (at most POOL_ACQUIRE_TIMEOUT_MS)
   * instead of being refused by the server.
   */
  readonly dbMaxConnections: number;
  /** Largest JSON body POST /person accepts. */
  readonly bodyLimitBytes: number;
  /** How long an Idempotency-Key is kept: a repeat within it replays, after it the key is new (and deleted). */
  readonly idempotencyKeyTtlSeconds: number;
  /** The chaos program's secret for POST /lab/chaos-events; without one, the app accepts no chaos events. */
  readonly labEventsToken: string | undefined;
  /** The lab page's live streams (/lab/events) open at once; more get a 503. */
  readonly labMaxStreams: number;
  /**
   * TOPOLOGY=primary-replica: the servers the lab page looks at by name (on DB_PORT), beside the endpoint
   * DB_HOST, to show each one's role, lag and the app's connections there. Empty with one server.
   */
  readonly labServers: readonly string[];
  /**
   * How long a client has to send its whole request, headers and body. Node's defaults (60 s for
   * headers, 5 min for the rest) let a slow client trickle bytes and hold a socket; past this, 408.
   */
  readonly httpRequestTimeoutMs: number;
  /** How long SIGTERM waits for requests in flight before closing connections anyway. */
  readonly shutdownTimeoutMs: number;
}

/**
 * The app's healthcheck (docker-compose.yml) gives /readyz this long. READY_TIMEOUT_MS must leave the
 * answer room to travel: a longer one would have the healthcheck give up first, and a database that
 * is slow to answer would make the app unhealthy instead of answering "not ready" in time.
 */
export const HEALTHCHECK_READY_WAIT_MS = 2500;
const READY_ANSWER_ROOM_MS = 500;

/** LAB_DB_SERVERS: none, or two distinct host names (the replicated lab's db db2). */
function readLabServers(env: Env): readonly string[] {
  const names = env.LAB_DB_SERVERS?.trim().split(/\s+/).filter(Boolean) ?? [];
  const hostName = /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/;
  if (names.length === 0) return Object.freeze([]);
  if (names.length !== 2 || names[0] === names[1] || !names.every((name) => hostName.test(name)))
    throw new ConfigError(
      'LAB_DB_SERVERS',
      'empty, or two server names separated by a space (db db2)',
      env.LAB_DB_SERVERS,
    );
  return Object.freeze(names);
}

export function loadConfig(env: Env = process.env): Config {
  const pool: PoolSettings = {
    size: integer(env, 'POOL_SIZE', DEFAULT_POOL_SIZE, 1, 500),
    acquireTimeoutMs: integer(env, 'POOL_ACQUIRE_TIMEOUT_MS', 300, 50, 60_000),
    idleTimeoutSeconds: integer(env, 'POOL_IDLE_TIMEOUT_S', 20, 1, 28_800),
    maxLifetimeSeconds: integer(env, 'POOL_MAX_LIFETIME_S', 60, 1, 28_800),
    validateAfterIdleMs: integer(env, 'POOL_VALIDATE_AFTER_IDLE_MS', 500, 0, 60_000),
  };
  requireOrder(
    'POOL_IDLE_TIMEOUT_S',
    pool.idleTimeoutSeconds,
    'at most',
    'POOL_MAX_LIFETIME_S',
    pool.maxLifetimeSeconds,
  );
  const db = withHiddenPassword<DbSettings>(
    {
      host: text(env, 'DB_HOST', '127.0.0.1'),
      port: integer(env, 'DB_PORT', 3306, 1, 65_535),
      database: text(env, 'DB_NAME', 'simplerr_schema'),
      user: text(env, 'DB_USER', 'simplerr'),
      connectTimeoutMs: integer(env, 'DB_CONNECT_TIMEOUT_MS', 500, 50, 60_000),
      pipelining: oneOf(env, 'DB_PIPELINING', ['on', 'off'] as const, 'on') === 'on',
    },
    text(env, 'DB_PASSWORD'),
  );
  requireOrder('POOL_ACQUIRE_TIMEOUT_MS', pool.acquireTimeoutMs, 'below', 'DB_CONNECT_TIMEOUT_MS', db.connectTimeoutMs);
  const timeouts = readDbTimeouts(env);
  // A budget the connect alone can eat leaves nothing for the query.
  requireOrder('REQUEST_TIMEOUT_MS', timeouts.requestTimeoutMs, 'above', 'DB_CONNECT_TIMEOUT_MS', db.connectTimeoutMs);
  requireOrder('READY_TIMEOUT_MS', timeouts.readyTimeoutMs, 'above', 'DB_CONNECT_TIMEOUT_MS', db.connectTimeoutMs);
  const readyMaxMs = HEALTHCHECK_READY_WAIT_MS - READY_ANSWER_ROOM_MS;
  if (timeouts.readyTimeoutMs > readyMaxMs)
    throw new ConfigError(
      'READY_TIMEOUT_MS',
      `at most ${readyMaxMs} (the app's healthcheck in docker-compose.yml waits ${HEALTHCHECK_READY_WAIT_MS} ms for /readyz)`,
      String(timeouts.readyTimeoutMs),
    );
  const config = {
    port: integer(env, 'PORT', 8080, 0, 65_535), // 0 picks any free port (the tests use it)
    strategy: oneOf(env, 'STRATEGY', STRATEGIES, DEFAULT_STRATEGY),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    db,
    pool: Object.freeze(pool),
    timeouts,
    dbMaxConnections: integer(env, 'DB_MAX_CONNECTIONS', DEFAULT_DB_MAX_CONNECTIONS, 1, 10_000),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 4096, 64, 1_048_576),
    idempotencyKeyTtlSeconds: integer(env, 'IDEMPOTENCY_KEY_TTL_S', 86_400, 1, 2_592_000), // 24 h, as Stripe; at most 30 days
    labMaxStreams: integer(env, 'LAB_MAX_STREAMS', 20, 1, 1000),
    labServers: readLabServers(env),
    httpRequestTimeoutMs: integer(env, 'HTTP_REQUEST_TIMEOUT_MS', 10_000, 500, 300_000),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 13_000, 100, 60_000),
  } as Config; // labEventsToken: defined below
  // A request in flight may wait on the database for its whole budget: a shutdown must let it answer.
  if (timeouts.enabled)
    requireOrder(
      'SHUTDOWN_TIMEOUT_MS',
      config.shutdownTimeoutMs,
      'above',
      'REQUEST_TIMEOUT_MS',
      timeouts.requestTimeoutMs,
    );
  // A secret, like the password: out of JSON.stringify, util.inspect and spread copies.
  Object.defineProperty(config, 'labEventsToken', { value: readLabEventsToken(env, false), enumerable: false });
  return Object.freeze(config);
}
