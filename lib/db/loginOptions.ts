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

/** The connector options every connection of the lab is opened with, whoever logs in. */
export function loginOptions(login: DbLogin): ConnectionConfig {
  return {
    host: login.host,
    port: login.port,
    user: login.user,
    password: login.password,
    database: login.database,
    connectTimeout: login.connectTimeoutMs,
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
