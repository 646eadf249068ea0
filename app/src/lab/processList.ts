import * as mariadb from 'mariadb';
import { loginOptions } from '../../../lib/db/loginOptions';
import { readProcessList } from '../../../lib/db/processList';
import { serverInfo, type ServerInfo } from '../../../lib/db/serverInfo';
import type { DbSettings } from '../config';

export interface LiveConnection {
  id: number;
  command: string;
  idleSeconds: number;
  state: string | null;
}

export interface ProcessListSnapshot {
  server: ServerInfo;
  connections: LiveConnection[];
}

/**
 * The app user's connections as the server sees them. It uses a connection of its own,
 * outside any strategy, so the lab can still look when the naive strategy is broken.
 * Without the PROCESS privilege a user sees only its own threads — exactly what we want.
 */
export async function readAppConnections(db: DbSettings): Promise<ProcessListSnapshot> {
  const conn = await mariadb.createConnection(loginOptions(db));
  conn.on('error', () => {});
  try {
    const rows = await readProcessList(conn, { user: db.user });
    return {
      server: serverInfo(conn.serverVersion()),
      connections: rows.map((r) => ({ id: r.id, command: r.command, idleSeconds: r.timeSeconds, state: r.state })),
    };
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}
