import type { ConnectionConfig } from 'mariadb';
import type { DbSettings } from '../config';

/** Connector options shared by every strategy. */
export function connectionOptions(db: DbSettings): ConnectionConfig {
  return {
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    database: db.database,
    connectTimeout: db.connectTimeoutMs,
    // MySQL 8.4 authenticates with caching_sha2_password; without TLS, the first login of a user
    // needs the server's RSA key. The server is on the compose network next to us.
    allowPublicKeyRetrieval: true,
    insertIdAsNumber: true,
    bigIntAsNumber: true,
  };
}
