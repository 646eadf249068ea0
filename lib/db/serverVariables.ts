/** Reading and setting the server's global variables and status counters, on MySQL and MariaDB alike. */
import type { Connection } from 'mariadb';

// Variable names are written into SQL (SET GLOBAL takes no placeholder for a name): only plain names pass.
function checkedName(name: string): string {
  if (!/^[a-z_]+$/.test(name)) throw new RangeError(`not a server variable name: ${name}`);
  return name;
}

export async function readGlobalNumber(conn: Connection, name: string): Promise<number> {
  const [row] = await conn.query<{ value: unknown }[]>(`SELECT @@GLOBAL.${checkedName(name)} AS value`);
  return Number(row.value); // BIGINT UNSIGNED arrives as a BigInt
}

/** Needs SUPER (MariaDB) or SYSTEM_VARIABLES_ADMIN (MySQL). Affects connections opened afterwards. */
export async function setGlobalNumber(conn: Connection, name: string, value: number): Promise<void> {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a value for ${name}: ${value}`);
  await conn.query(`SET GLOBAL ${checkedName(name)} = ${value}`);
}

/** Open client connections: what the server compares with max_connections. */
export async function readThreadsConnected(conn: Connection): Promise<number> {
  // SHOW STATUS needs no privilege and reads the same counter on MySQL and MariaDB.
  const rows = await conn.query<{ Variable_name: string; Value: unknown }[]>(
    "SHOW GLOBAL STATUS LIKE 'Threads_connected'",
  );
  return Number(rows[0]?.Value ?? 0);
}
