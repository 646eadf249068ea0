import type * as mariadb from 'mariadb';
import { readProcessList } from '../../lib/db/processList';
import * as replicated from '../../lib/replicatedLab';
import { ROOM_FOR_A_BUSY_MACHINE } from './appProcess';
import { appLogin, chaosLogin, lab } from './labEnv';

/**
 * The replicated lab of the e2e-replica tests (TOPOLOGY=primary-replica), beside the lab of e2e: a compose
 * project and ports of its own (+400), brought up once and reused by every test of the project, and driven
 * with make as the drill's failover rows drive the lab (lib/replicatedLab.ts).
 */
const OFFSET = 400;
export const replicaLab = {
  project: `${lab.composeProject}-replica`,
  appUrl: `http://127.0.0.1:${Number(new URL(lab.appUrl).port) + OFFSET}`,
  /** The published ports of db and db2. */
  serverPorts: { db: lab.dbPort + OFFSET, db2: lab.dbPort + OFFSET + 1 } as Record<string, number>,
};

export const replicaEnv: NodeJS.ProcessEnv = {
  ...process.env,
  COMPOSE_PROJECT_NAME: replicaLab.project,
  APP_PORT: new URL(replicaLab.appUrl).port,
  DB_PUBLISHED_PORT: String(replicaLab.serverPorts.db),
  DB2_PUBLISHED_PORT: String(replicaLab.serverPorts.db2),
  // The lab's app container gets the tests' room for a busy machine: a failover under load, not a slow login,
  // is what these tests watch (a replicated lab beside the suite's lab keeps two cores busy).
  ...ROOM_FOR_A_BUSY_MACHINE,
};
delete replicaEnv.STRATEGY;
delete replicaEnv.MODE;
delete replicaEnv.TOPOLOGY;
delete replicaEnv.REPLICATION;

export const { make, chaosUntil } = replicated.labDriver({ composeProject: replicaLab.project, env: replicaEnv });

/** The app user's login on each server (db, db2), from the host. */
const appLogins = replicated.pairLogins(appLogin, replicaLab.serverPorts);

/**
 * Brings the project's one replicated lab up, or finds it up (make up keeps what runs); its output ends
 * with the pair's roles. The project's globalTeardown (replicaLabTeardown.ts) removes it after the last file.
 */
export function upReplicaLab(): Promise<string> {
  return make('up TOPOLOGY=primary-replica');
}

/** The app user straight to one server (db or db2), from the host. */
export const serverConnection = (server: string) => replicated.serverConnection(appLogins[server]);

/** The writable server of the pair: the primary. */
export const currentPrimary = () => replicated.currentPrimary(appLogins);

export interface ConnectionSample {
  readonly at: number;
  /** The app user's connections on each server (db, db2): the app's, through the endpoint. */
  readonly counts: Record<string, number>;
}

/** Samples every 200 ms how many connections the app holds on each server, as the chaos user sees them. */
export function startConnectionSampler(appUser: string) {
  const samples: ConnectionSample[] = [];
  let running = true;
  const sampling = (async () => {
    const conns = new Map<string, mariadb.Connection>();
    try {
      for (const [server, login] of Object.entries(replicated.pairLogins(chaosLogin, replicaLab.serverPorts)))
        conns.set(server, await replicated.serverConnection(login));
      while (running) {
        const counts: Record<string, number> = {};
        for (const [server, conn] of conns) {
          // Not the server's own healthcheck, which logs in as the app user from inside its container.
          const rows = await readProcessList(conn, { user: appUser });
          counts[server] = rows.filter((row) => !/^(127\.0\.0\.1|localhost|::1)(:|$)/.test(row.host)).length;
        }
        samples.push({ at: Date.now(), counts });
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await Promise.all([...conns.values()].map((conn) => conn.end().catch(() => undefined)));
    }
  })();
  return {
    /** The samples so far. */
    samples: (): readonly ConnectionSample[] => samples,
    async stop(): Promise<ConnectionSample[]> {
      running = false;
      await sampling;
      return samples;
    },
  };
}
