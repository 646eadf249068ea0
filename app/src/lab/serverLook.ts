import * as mariadb from 'mariadb';
import { DatabaseTimeoutError } from '../../../lib/db/errors';
import { loginOptions } from '../../../lib/db/loginOptions';
import { readProcessList } from '../../../lib/db/processList';
import { readReplicaStatus, type ReplicaStatus } from '../../../lib/db/replicaStatus';
import { serverInfo, type ServerInfo } from '../../../lib/db/serverInfo';
import type { DbSettings } from '../config';
import { withinDeadline } from '../db/deadlines';

export interface LiveConnection {
  id: number;
  command: string;
  idleSeconds: number;
  state: string | null;
}

/** One server as the lab page sees it, through a connection of the app user's own. */
export interface ServerLook {
  server: ServerInfo;
  /** @@server_id: which server a connection through the endpoint reached. */
  serverId: number;
  /** The look's own connection, so that looks at the same server leave each other out of the app's connections. */
  lookId: number;
  /** The app user's connections there, this look's own left out. */
  connections: LiveConnection[];
  readOnly: boolean;
  /** MySQL's super_read_only; null on MariaDB, which has none (its read_only stops the app's user alike). */
  superReadOnly: boolean | null;
  /** Its replication; undefined when it replicates from nobody, null when not asked (one server). */
  replica: ReplicaStatus | undefined | null;
}

type Row = Record<string, unknown>;

/**
 * Looks at one server with a connection outside any strategy, so the lab can still look when the naive
 * strategy is broken. Without the PROCESS privilege a user sees only its own threads — exactly what we
 * want. The whole look (connect and queries) gets `deadlineMs` (READY_TIMEOUT_MS): a frozen or cut-off
 * server makes the page say so in time, and its connection is destroyed.
 */
export function lookAtServer(db: DbSettings, deadlineMs: number, withReplication: boolean): Promise<ServerLook> {
  let conn: mariadb.Connection | undefined;
  let expired = false;
  const look = async () => {
    conn = await mariadb.createConnection(loginOptions(db));
    conn.on('error', () => {});
    if (expired) conn.destroy(); // it came after the deadline: nobody waits for it
    try {
      return await readLook(conn, db.user, withReplication);
    } finally {
      await conn.end().catch(() => conn?.destroy());
    }
  };
  return withinDeadline(
    look(),
    deadlineMs,
    () => new DatabaseTimeoutError('READY_TIMEOUT_MS', deadlineMs),
    () => {
      expired = true;
      conn?.destroy();
    },
  );
}

async function readLook(conn: mariadb.Connection, user: string, withReplication: boolean): Promise<ServerLook> {
  const server = serverInfo(conn.serverVersion());
  const superReadOnly = server.flavor === 'MySQL' ? ', @@super_read_only AS superReadOnly' : '';
  const [vars] = await conn.query<Row[]>(
    `SELECT @@server_id AS serverId, CONNECTION_ID() AS lookId, @@read_only AS readOnly${superReadOnly}`,
  );
  const rows = await readProcessList(conn, { user });
  return {
    server,
    serverId: Number(vars.serverId),
    lookId: Number(vars.lookId),
    connections: rows.map((r) => ({ id: r.id, command: r.command, idleSeconds: r.timeSeconds, state: r.state })),
    readOnly: Number(vars.readOnly) === 1,
    superReadOnly: server.flavor === 'MySQL' ? Number(vars.superReadOnly) === 1 : null,
    replica: withReplication ? await readReplicaStatus(conn) : null,
  };
}
