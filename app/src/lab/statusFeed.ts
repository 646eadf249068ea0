import type { Config } from '../config';
import type { ConnectionStrategy, PoolStats } from '../db/strategy';
import { classifyDbError } from '../../../lib/db/errors';
import type { ServerInfo } from '../../../lib/db/serverInfo';
import { readAppConnections, type LiveConnection } from './processList';
import type { TrafficRecorder, TrafficSecond } from './traffic';

export interface LabStatus {
  at: string;
  strategy: string;
  server: ServerInfo | null;
  /** null when the process list could not be read (the database is down). */
  connections: LiveConnection[] | null;
  databaseError: string | null;
  pool: PoolStats | null;
  /** Database requests waiting for their answer right now. */
  inFlight: number;
  traffic: TrafficSecond[];
}

/** Builds what the lab page shows; the server info is remembered once it has been seen. */
export function createStatusReader(config: Config, strategy: ConnectionStrategy, traffic: TrafficRecorder) {
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
      inFlight: traffic.inFlight,
      traffic: traffic.recent(trafficSeconds),
    };
  };
}

export type LabStatusReader = ReturnType<typeof createStatusReader>;
