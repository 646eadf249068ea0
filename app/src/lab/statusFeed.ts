import type { Config } from '../config';
import type { ConnectionStrategy, PoolStats } from '../db/strategy';
import { classifyDbError } from '../../../lib/db/errors';
import type { ServerInfo } from '../../../lib/db/serverInfo';
import { readAppConnections, type LiveConnection } from './processList';
import type { TrafficRecorder, TrafficSecond } from './traffic';
import type { WaitingOnDatabase } from './waitingOnDatabase';

export interface LabStatus {
  at: string;
  strategy: string;
  server: ServerInfo | null;
  /** null when the process list could not be read (the database is down). */
  connections: LiveConnection[] | null;
  databaseError: string | null;
  pool: PoolStats | null;
  /** Requests waiting on the database right now (WaitingOnDatabase). */
  inFlight: number;
  traffic: TrafficSecond[];
}

/** Builds what the lab page shows; the server info is remembered once it has been seen. */
export function createStatusReader(
  config: Config,
  strategy: ConnectionStrategy,
  traffic: TrafficRecorder,
  waiting: WaitingOnDatabase,
) {
  let server: ServerInfo | null = null;
  return async function readLabStatus(trafficSeconds = 180): Promise<LabStatus> {
    let connections: LiveConnection[] | null = null;
    let databaseError: string | null = null;
    try {
      const snapshot = await readAppConnections(config.db);
      server = snapshot.server;
      connections = snapshot.connections;
    } catch (err) {
      databaseError = classifyDbError(err).kind;
    }
    return {
      at: new Date().toISOString(),
      strategy: strategy.name,
      server,
      connections,
      databaseError,
      pool: strategy.poolStats?.() ?? null,
      inFlight: waiting.count,
      traffic: traffic.recent(trafficSeconds),
    };
  };
}

export type LabStatusReader = ReturnType<typeof createStatusReader>;
