/**
 * The server's process list, read one way for everybody: the app's lab page, the chaos program
 * (which picks its victims from it) and the tests.
 */
import type { Connection } from 'mariadb';

/** One server thread, as SHOW PROCESSLIST describes it on MySQL and MariaDB alike. */
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

/** A row as the connector returns it: text, numbers (BigInt for BIGINT UNSIGNED), NULL. */
type RawRow = Record<string, string | number | bigint | Buffer | null | undefined>;

function field(raw: RawRow, name: string): RawRow[string] {
  // Column names are Id, User, ... from SHOW PROCESSLIST and ID, USER, ... from the tables.
  return raw[name] ?? raw[name.toUpperCase()];
}

function textOrNull(value: RawRow[string]): string | null {
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

export interface ProcessListFilter {
  /** Only this user's threads. */
  readonly user?: string;
}

/**
 * The threads the asking connection may see — every one with the PROCESS privilege, its own user's
 * without — leaving out the asking connection itself.
 * SHOW FULL PROCESSLIST rather than information_schema.PROCESSLIST, which MySQL deprecates; SHOW has
 * the same columns on every MySQL and MariaDB version.
 */
export async function readProcessList(conn: Connection, { user }: ProcessListFilter = {}): Promise<ProcessRow[]> {
  const rows = (await conn.query<RawRow[]>('SHOW FULL PROCESSLIST')).map(toProcessRow);
  return rows.filter((row) => row.id !== conn.threadId && (user === undefined || row.user === user)).sort((a, b) => a.id - b.id);
}
