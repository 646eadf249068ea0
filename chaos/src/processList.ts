import type { Connection } from 'mariadb';

/** One server thread, as SHOW PROCESSLIST describes it on MySQL 8.4 and MariaDB 10.11 / 11.4 alike. */
export interface ProcessRow {
  readonly id: number;
  readonly user: string;
  /** 'Sleep' between statements, 'Query' or 'Execute' while one runs, 'Killed' while dying. */
  readonly command: string;
  /** Seconds in the current command: for 'Sleep', how long the connection has sat idle. */
  readonly timeSeconds: number;
  readonly state: string | null;
  /** The running statement (FULL: not cut at 100 characters), null when idle. */
  readonly statement: string | null;
}

type RawRow = Record<string, unknown>;

function field(raw: RawRow, name: string): unknown {
  // Column names are Id, User, ... from SHOW PROCESSLIST and ID, USER, ... from information_schema.
  return raw[name] ?? raw[name.toUpperCase()];
}

function textOrNull(value: unknown): string | null {
  return value === null || value === undefined || value === '' ? null : String(value);
}

/** Turns one result row into a ProcessRow. Ids may arrive as BigInt (BIGINT UNSIGNED on MySQL). */
export function toProcessRow(raw: RawRow): ProcessRow {
  return {
    id: Number(field(raw, 'Id')),
    user: String(field(raw, 'User') ?? ''),
    command: String(field(raw, 'Command') ?? ''),
    timeSeconds: Number(field(raw, 'Time') ?? 0),
    state: textOrNull(field(raw, 'State')),
    statement: textOrNull(field(raw, 'Info')),
  };
}

/**
 * Every connection of the server (with the PROCESS privilege; without it, only our own user's).
 * SHOW FULL PROCESSLIST rather than information_schema.PROCESSLIST: MySQL 8.4 deprecates the
 * information_schema table, and SHOW has the same columns on every MySQL and MariaDB version.
 */
export async function readProcessList(conn: Connection): Promise<ProcessRow[]> {
  const rows = await conn.query<RawRow[]>('SHOW FULL PROCESSLIST');
  return rows.map(toProcessRow);
}
