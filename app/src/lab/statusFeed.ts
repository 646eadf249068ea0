import type { Config } from '../config';
import type { ConnectionStrategy, PoolStats } from '../db/strategy';
import { classifyDbError } from '../../../lib/db/errors';
import { withHiddenPassword } from '../../../lib/settings/envReaders';
import type { ServerInfo } from '../../../lib/db/serverInfo';
import { appConnectionsOf, toServerCards, type LookResult, type ServerCard } from './serverCards';
import { lookAtServer, type LiveConnection } from './serverLook';
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
  /** Each server of TOPOLOGY=primary-replica (LAB_DB_SERVERS); null with one server. */
  servers: ServerCard[] | null;
}

/** Builds what the lab page shows; the server info is remembered once it has been seen. */
export function createStatusReader(
  config: Config,
  strategy: ConnectionStrategy,
  traffic: TrafficRecorder,
  waiting: WaitingOnDatabase,
) {
  let server: ServerInfo | null = null;
  const deadlineMs = config.timeouts.readyTimeoutMs;
  const look = (host: string | undefined): Promise<LookResult> =>
    lookAtServer(
      host ? withHiddenPassword({ ...config.db, host }, config.db.password) : config.db,
      deadlineMs,
      host !== undefined,
    ).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));

  return async function readLabStatus(trafficSeconds = 180): Promise<LabStatus> {
    // The endpoint (DB_HOST) and each server by name at once, each within READY_TIMEOUT_MS.
    const [endpoint, ...looks] = await Promise.all([undefined, ...config.labServers].map(look));
    const all = [endpoint, ...looks];
    if (!(endpoint instanceof Error)) server = endpoint.server;
    return {
      at: new Date().toISOString(),
      strategy: strategy.name,
      server,
      connections: endpoint instanceof Error ? null : appConnectionsOf(endpoint, all),
      databaseError: endpoint instanceof Error ? classifyDbError(endpoint).kind : null,
      pool: strategy.poolStats?.() ?? null,
      inFlight: waiting.count,
      traffic: traffic.recent(trafficSeconds),
      servers:
        config.labServers.length === 0
          ? null
          : toServerCards(
              config.labServers.map((name, i) => ({ name, look: looks[i] })),
              endpoint,
            ),
    };
  };
}

export type LabStatusReader = ReturnType<typeof createStatusReader>;
