/**
 * The server's process list, read one way for everybody: the app's lab page, the chaos program
 * (which picks its victims from it) and the tests.
 */
import type { Connection } from 'mariadb';
import { serverInfo, type ServerInfo } from './serverInfo';

/** One server thread, as the process list describes it on MySQL and MariaDB alike. */
export interface ProcessRow {
  readonly id: number;
  readonly user: string;
  /** Where the client is: 'ip:port' over TCP; the server's own healthcheck logs in from 127.0.0.1. */
  readonly host: string;
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
    host: String(field(raw, 'Host') ?? ''),
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
 * Where each server keeps its process list. MySQL deprecates information_schema.PROCESSLIST (warning
 * 1287, and SHOW PROCESSLIST reads it too) for performance_schema.processlist, which needs no grant of
 * its own: like the old table it shows every thread with PROCESS, a user's own without. MariaDB has no
 * performance_schema.processlist; its information_schema.PROCESSLIST is the current one.
 */
export function processListSource(flavor: ServerInfo['flavor']): string {
  return flavor === 'MySQL' ? 'performance_schema.processlist' : 'information_schema.PROCESSLIST';
}

/**
 * The threads the asking connection may see — every one with the PROCESS privilege, its own user's
 * without — leaving out the asking connection itself, in id order.
 */
export async function readProcessList(conn: Connection, { user }: ProcessListFilter = {}): Promise<ProcessRow[]> {
  const source = processListSource(serverInfo(conn.serverVersion()).flavor);
  const rows = await conn.query<RawRow[]>(
    `SELECT ID, USER, HOST, COMMAND, TIME, STATE, INFO FROM ${source}
      WHERE ID <> CONNECTION_ID() AND (? IS NULL OR USER = ?) ORDER BY ID`,
    [user ?? null, user ?? null],
  );
  return rows.map(toProcessRow);
}
