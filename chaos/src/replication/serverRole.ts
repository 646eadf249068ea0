/**
 * One server of the replicated pair, read and changed through SQL that differs between MySQL and
 * MariaDB only in names. Every statement here needs only the chaos user's grants (db-init/03-replication.sh).
 */
import type { Connection } from 'mariadb';
import { readReplicaStatus } from '../../../lib/db/replicaStatus';
import { countMariadbMissing, countMysqlGtids } from './gtidSets';

export type Flavor = 'mysql' | 'mariadb';

export interface ServerRole {
  readonly flavor: Flavor;
  readonly serverId: number;
  readonly readOnly: boolean;
  /** The server it replicates from; undefined when it replicates from none (a primary). */
  readonly source: string | undefined;
  readonly replicating: boolean;
  /** Seconds behind its source (the server's own estimate), when replicating. */
  readonly lagSeconds: number | undefined;
  readonly replicationError: string;
  /** What it has: MySQL's gtid_executed, MariaDB's gtid_binlog_state. */
  readonly gtids: string;
  /** REPLICATION=semi-sync: the primary side of semi-sync is on. */
  readonly semiSync: boolean;
}

type Row = Record<string, unknown>;
const str = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' ? String(value) : '';

export async function readServerRole(conn: Connection): Promise<ServerRole> {
  const [vars] = await conn.query<Row[]>(
    'SELECT VERSION() AS version, @@server_id AS serverId, @@read_only AS readOnly',
  );
  const flavor: Flavor = /mariadb/i.test(str(vars.version)) ? 'mariadb' : 'mysql';
  const [gtid] = await conn.query<Row[]>(
    flavor === 'mysql' ? 'SELECT @@gtid_executed AS gtids' : 'SELECT @@gtid_binlog_state AS gtids',
  );
  const semi = await conn.query<Row[]>(
    "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('rpl_semi_sync_source_enabled', 'rpl_semi_sync_master_enabled')",
  );
  const status = await readReplicaStatus(conn);
  return {
    flavor,
    serverId: Number(vars.serverId),
    readOnly: Number(vars.readOnly) === 1,
    source: status?.source,
    replicating: status?.running ?? false,
    lagSeconds: status?.lagSeconds ?? undefined,
    replicationError: status?.error ?? '',
    gtids: str(gtid.gtids).replace(/\s+/g, ''),
    semiSync: semi.some((row) => str(row.Value) === 'ON'),
  };
}

/** Writes from clients fail with 1290 from now on (MySQL's super_read_only also stops admins). */
export async function makeReadOnly(conn: Connection, flavor: Flavor): Promise<void> {
  await conn.query(flavor === 'mysql' ? 'SET GLOBAL super_read_only = ON' : 'SET GLOBAL read_only = ON');
}

export async function makeWritable(conn: Connection, flavor: Flavor): Promise<void> {
  if (flavor === 'mysql') await conn.query('SET GLOBAL super_read_only = OFF');
  await conn.query('SET GLOBAL read_only = OFF');
}

/** Waits until the server has applied `gtids` (another server's, in its own notation). False after timeoutSeconds. */
export async function waitForGtids(
  conn: Connection,
  flavor: Flavor,
  gtids: string,
  timeoutSeconds: number,
): Promise<boolean> {
  if (flavor === 'mysql') {
    const [row] = await conn.query<Row[]>('SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?) AS timedOut', [
      gtids,
      timeoutSeconds,
    ]);
    return Number(row.timedOut) === 0;
  }
  // MASTER_GTID_WAIT takes a position (the last GTID per domain): the newest of the state's in each.
  const [row] = await conn.query<Row[]>('SELECT MASTER_GTID_WAIT(?, ?) AS result', [
    mariadbPosition(gtids),
    timeoutSeconds,
  ]);
  return Number(row.result) === 0;
}

/** A MariaDB gtid_binlog_state as a position: per domain, its highest sequence number. */
export function mariadbPosition(state: string): string {
  const newest = new Map<string, [string, number]>();
  for (const gtid of state.split(',').filter(Boolean)) {
    const [domain, , sequence] = gtid.split('-');
    if ((newest.get(domain)?.[1] ?? -1) < Number(sequence)) newest.set(domain, [gtid, Number(sequence)]);
  }
  return [...newest.values()].map(([gtid]) => gtid).join(',');
}

/** Replication stopped and forgotten: the server is nobody's replica (a promotion's first half). */
export async function stopReplicating(conn: Connection, flavor: Flavor): Promise<void> {
  await conn.query(flavor === 'mysql' ? 'STOP REPLICA' : 'STOP SLAVE');
  await conn.query(flavor === 'mysql' ? 'RESET REPLICA ALL' : 'RESET SLAVE ALL');
}

export interface ReplicationLogin {
  readonly user: string;
  readonly password: string;
}

/**
 * Makes the server the replica of `source`, from where its own history ends (GTID auto-positioning).
 * MariaDB: the position to ask from is the server's whole binary log (its own writes as a primary
 * included), so gtid_slave_pos is set to it first.
 */
export async function replicateFrom(
  conn: Connection,
  flavor: Flavor,
  source: string,
  login: ReplicationLogin,
): Promise<void> {
  if (flavor === 'mysql') {
    await conn.query('STOP REPLICA');
    await conn.query(
      'CHANGE REPLICATION SOURCE TO SOURCE_HOST = ?, SOURCE_PORT = 3306, SOURCE_USER = ?, SOURCE_PASSWORD = ?, ' +
        'SOURCE_AUTO_POSITION = 1, SOURCE_SSL = 1, GET_SOURCE_PUBLIC_KEY = 1, SOURCE_CONNECT_RETRY = 1',
      [source, login.user, login.password],
    );
    await conn.query('START REPLICA');
    return;
  }
  await conn.query('STOP SLAVE');
  await conn.query('SET GLOBAL gtid_slave_pos = @@gtid_binlog_pos');
  await conn.query(
    'CHANGE MASTER TO MASTER_HOST = ?, MASTER_PORT = 3306, MASTER_USER = ?, MASTER_PASSWORD = ?, ' +
      'MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1',
    [source, login.user, login.password],
  );
  await conn.query('START SLAVE');
}

/** Replication threads started again (after a restart, or a stop): harmless when they run. */
export async function startReplicating(conn: Connection, flavor: Flavor): Promise<void> {
  await conn.query(flavor === 'mysql' ? 'START REPLICA' : 'START SLAVE');
}

/** The transactions the server has that `other` (a role read from another server) lacks. */
export async function countMissingOn(conn: Connection, server: ServerRole, other: ServerRole): Promise<number> {
  if (server.flavor === 'mysql') {
    const [row] = await conn.query<Row[]>('SELECT GTID_SUBTRACT(?, ?) AS missing', [server.gtids, other.gtids]);
    return countMysqlGtids(str(row.missing));
  }
  return countMariadbMissing(server.gtids, other.gtids);
}

/** The replica's applier has nothing left to apply of what it received (or it is no replica). */
export async function relayLogApplied(conn: Connection): Promise<boolean> {
  const [status] = await conn.query<Row[]>('SHOW REPLICA STATUS');
  const state = str(status?.Replica_SQL_Running_State ?? status?.Slave_SQL_Running_State);
  return !status || /read all relay log/i.test(state);
}
