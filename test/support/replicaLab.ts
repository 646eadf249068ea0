import * as mariadb from 'mariadb';
import type { DbLogin } from '../../lib/db/loginOptions';
import { loginOptions } from '../../lib/db/loginOptions';
import { withHiddenPassword } from '../../lib/settings/envReaders';
import { readProcessList } from '../../lib/db/processList';
import { ROOM_FOR_A_BUSY_MACHINE } from './appProcess';
import { appLogin, chaosLogin, lab } from './labEnv';
import { runShellCommand } from './shellCommand';
import { waitFor } from './waitFor';

/**
 * The replicated lab of the e2e-replica tests (TOPOLOGY=primary-replica), beside the lab of e2e: a compose
 * project and ports of its own (+400), brought up once and reused by every test of the project.
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

export async function make(args: string, timeoutMs = 600_000): Promise<string> {
  const { code, output } = await runShellCommand(`make --no-print-directory ${args}`, { env: replicaEnv, timeoutMs });
  if (code !== 0) throw new Error(`make ${args} failed (${code}):\n${output.slice(-4000)}`);
  return output;
}

/**
 * Brings the project's one replicated lab up, or finds it up (make up keeps what runs); its output ends
 * with the pair's roles. The project's globalTeardown (replicaLabTeardown.ts) removes it after the last file.
 */
export function upReplicaLab(): Promise<string> {
  return make('up TOPOLOGY=primary-replica');
}

/** Runs a chaos mode until `done` is in its log, then stops it; returns the log. */
export async function chaosUntil(mode: string, interval: number, done: RegExp, timeoutMs: number): Promise<string> {
  try {
    await make(`chaos MODE=${mode} CHAOS_INTERVAL=${interval}`);
    await waitForChaosLine(`${mode}: ${String(done)}`, done, timeoutMs);
  } catch (err) {
    // What the chaos did until then says why.
    throw new Error(`${(err as Error).message}\nchaos log:\n${(await chaosLog()).slice(-6000)}`, { cause: err });
  } finally {
    await make('chaos-stop');
  }
  return chaosLog();
}

/** The chaos container's log so far. */
export async function chaosLog(): Promise<string> {
  const { output } = await runShellCommand(`docker logs ${replicaLab.project}-chaos-1`, {
    env: replicaEnv,
    timeoutMs: 30_000,
  });
  return output;
}

/** Waits until the chaos log has a line matching `pattern`, and returns its match. */
export function waitForChaosLine(what: string, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return waitFor(what, async () => (await chaosLog()).match(pattern) ?? undefined, { timeoutMs, intervalMs: 1000 });
}

/** The app user straight to one server (db or db2), from the host. */
export async function serverConnection(server: string): Promise<mariadb.Connection> {
  const login = withHiddenPassword<DbLogin>({ ...appLogin, port: replicaLab.serverPorts[server] }, appLogin.password);
  const conn = await mariadb.createConnection(loginOptions(login));
  conn.on('error', () => {});
  return conn;
}

/** The writable server of the pair: the primary. */
export async function currentPrimary(): Promise<string> {
  return waitFor('one writable server (the primary)', async () => {
    const writable: string[] = [];
    for (const server of Object.keys(replicaLab.serverPorts)) {
      const conn = await serverConnection(server);
      try {
        const [row] = await conn.query<{ ro: number }[]>('SELECT @@read_only AS ro');
        if (Number(row.ro) === 0) writable.push(server);
      } finally {
        await conn.end();
      }
    }
    return writable.length === 1 ? writable[0] : undefined;
  });
}

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
      for (const server of Object.keys(replicaLab.serverPorts)) {
        const login = withHiddenPassword<DbLogin>(
          { ...chaosLogin, port: replicaLab.serverPorts[server] },
          chaosLogin.password,
        );
        const conn = await mariadb.createConnection(loginOptions(login));
        conn.on('error', () => {});
        conns.set(server, conn);
      }
      while (running) {
        const counts: Record<string, number> = {};
        for (const [server, conn] of conns) counts[server] = (await readProcessList(conn, { user: appUser })).length;
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

/** The first line of the log matching `pattern`, whole line at [0]. */
export function chaosLine(log: string, pattern: RegExp): RegExpMatchArray {
  for (const line of log.split('\n')) {
    const match = line.match(pattern);
    if (match) return [line, ...match.slice(1)] as unknown as RegExpMatchArray;
  }
  throw new Error(`no chaos line matches ${String(pattern)} in:\n${log.slice(-3000)}`);
}
