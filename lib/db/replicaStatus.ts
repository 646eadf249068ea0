/**
 * A server's replication, as SHOW REPLICA STATUS tells it on MySQL and MariaDB (whose columns keep the
 * older names: Master_Host, Slave_IO_Running, Seconds_Behind_Master). Read by the chaos program, which
 * moves the primary's role, and by the lab page, which shows it. It needs MySQL's REPLICATION CLIENT or
 * MariaDB's SLAVE MONITOR (db-init/03-replication.sh gives the app user that, and nothing more).
 */
import type { Connection } from 'mariadb';

export interface ReplicaStatus {
  /** The server it replicates from. */
  readonly source: string;
  /** Both threads run: it receives and applies its source's transactions. */
  readonly running: boolean;
  /** Seconds behind its source (the server's own estimate); null when it cannot tell (not running). */
  readonly lagSeconds: number | null;
  /** The last receive or apply error, '' when none. */
  readonly error: string;
}

type Row = Record<string, unknown>;
const str = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' ? String(value) : '';

/** A row of SHOW REPLICA STATUS; undefined when there is none, or it names no source: a server that replicates from nobody. */
export function toReplicaStatus(row: Row | undefined): ReplicaStatus | undefined {
  const source = str(row?.Source_Host ?? row?.Master_Host);
  if (!row || !source) return undefined;
  const lag = row.Seconds_Behind_Source ?? row.Seconds_Behind_Master;
  return {
    source,
    running:
      str(row.Replica_IO_Running ?? row.Slave_IO_Running) === 'Yes' &&
      str(row.Replica_SQL_Running ?? row.Slave_SQL_Running) === 'Yes',
    lagSeconds: lag === null || lag === undefined || lag === '' ? null : Number(lag),
    error: [row.Last_IO_Error, row.Last_SQL_Error].map(str).filter(Boolean).join('; '),
  };
}

export async function readReplicaStatus(conn: Connection): Promise<ReplicaStatus | undefined> {
  const [row] = await conn.query<Row[]>('SHOW REPLICA STATUS');
  return toReplicaStatus(row);
}
