import type { ConnectionConfig } from 'mariadb';

/** Who logs in where: the app user, the chaos user or an admin, from a program or a test. */
export interface DbLogin {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** The default schema; none for the chaos user, which reads no data. */
  readonly database?: string;
  /** How long a connect may take before it fails (the connector's connectTimeout). */
  readonly connectTimeoutMs: number;
}

/**
 * TCP keepalive on every connection, first probe after this much silence. Linux waits 7200 s by
 * default: an idle connection that a NAT or firewall dropped without a word would look alive for
 * two hours. Keepalive only finds dead idle sockets; a call that waits for an answer needs a deadline.
 */
export const KEEPALIVE_DELAY_MS = 10_000;

/**
 * How long a login of the lab's tools (the chaos program's, the drill's) may take: longer than a
 * request's (DB_CONNECT_TIMEOUT_MS), since a database that is starting is worth the wait.
 */
export const TOOL_CONNECT_TIMEOUT_MS = 2000;

/** The connector options every connection of the lab is opened with, whoever logs in. */
export function loginOptions(login: DbLogin): ConnectionConfig {
  return {
    host: login.host,
    port: login.port,
    user: login.user,
    password: login.password,
    database: login.database,
    connectTimeout: login.connectTimeoutMs,
    keepAliveDelay: KEEPALIVE_DELAY_MS,
    // MySQL authenticates with caching_sha2_password; without TLS, a user's first login after a server
    // start needs the server's RSA public key. The server is on the compose network (or loopback) next to us.
    allowPublicKeyRetrieval: true,
    // The connector copies a statement's parameters into its error messages by default: a failed
    // INSERT would put a person's name in the logs. The SQL with its placeholders is enough.
    logParam: false,
    insertIdAsNumber: true,
    bigIntAsNumber: true,
  };
}
