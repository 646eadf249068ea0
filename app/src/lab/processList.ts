import * as mariadb from 'mariadb';
import type { DbSettings } from '../config';
import { connectionOptions } from '../db/connectionOptions';

export interface LiveConnection {
  id: number;
  command: string;
  idleSeconds: number;
  state: string | null;
}

export interface ServerInfo {
  flavor: 'MySQL' | 'MariaDB';
  version: string;
}

export interface ProcessListSnapshot {
  server: ServerInfo;
  connections: LiveConnection[];
}

export function serverInfo(version: string): ServerInfo {
  return { flavor: /mariadb/i.test(version) ? 'MariaDB' : 'MySQL', version: version.replace(/-.*$/, '') };
}

/**
 * The app user's connections as the server sees them. It uses a connection of its own,
 * outside any strategy, so the lab can still look when the naive strategy is broken.
 * Without the PROCESS privilege a user sees only its own threads — exactly what we want.
 */
export async function readAppConnections(db: DbSettings): Promise<ProcessListSnapshot> {
  const conn = await mariadb.createConnection(connectionOptions(db));
  conn.on('error', () => {});
  try {
    const rows = await conn.query<{ id: number; command: string; idle: number; state: string | null }[]>(
      `SELECT ID AS id, COMMAND AS command, TIME AS idle, STATE AS state
         FROM information_schema.PROCESSLIST
        WHERE USER = ? AND ID <> CONNECTION_ID() ORDER BY ID`, [db.user]);
    return {
      server: serverInfo(conn.serverVersion()),
      connections: rows.map((r) => ({ id: Number(r.id), command: r.command, idleSeconds: Number(r.idle), state: r.state || null })),
    };
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}
