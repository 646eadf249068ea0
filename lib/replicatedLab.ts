/**
 * The replicated lab (TOPOLOGY=primary-replica) driven from the host as a learner drives it: make up, make
 * chaos MODE=failover or primary-crash until the round's last line is in the chaos log, make chaos-stop;
 * and its two servers, reached straight on their published ports. The drill's failover rows
 * (drill/src/pairFaults.ts) and the e2e-replica tests (test/support/replicaLab.ts) drive it through this.
 */
import * as mariadb from 'mariadb';
import { loginOptions, type DbLogin } from './db/loginOptions';
import { DockerEngine } from './docker/dockerEngine';
import { withHiddenPassword } from './settings/envReaders';
import { runShellCommand } from './shellCommand';
import { waitFor } from './waitFor';

export interface LabDriverOptions {
  /** The lab's compose project: its chaos container is <project>-chaos-1. */
  readonly composeProject: string;
  /** make's environment: the lab's settings (its project, its ports) and what make hands on (MAKEFLAGS). */
  readonly env: NodeJS.ProcessEnv;
}

/** make and the chaos program's log, for one lab. */
export function labDriver({ composeProject, env }: LabDriverOptions) {
  /** `make <args>` at the repository root; fails with the end of its output. */
  async function make(args: string, timeoutMs = 600_000): Promise<string> {
    const { code, output, timedOut } = await runShellCommand(`make --no-print-directory ${args}`, { env, timeoutMs });
    if (code !== 0)
      throw new Error(
        `make ${args} ${timedOut ? `did not end within ${timeoutMs / 1000} s` : `failed (${code})`}:\n${output.slice(-4000)}`,
      );
    return output;
  }

  const engine = new DockerEngine();
  /**
   * The chaos container's log so far, or why there is none. Read every second while a round runs: through
   * the Engine API, not a shell and the docker CLI each time.
   */
  async function chaosLog(): Promise<string> {
    try {
      return await engine.logs(`${composeProject}-chaos-1`);
    } catch (err) {
      return `(no chaos log: ${(err as Error).message})`;
    }
  }

  /**
   * Runs a chaos mode (make chaos) until `done` is in its log, then stops it (make chaos-stop); returns the
   * log. `midway`: once a line matches it, `then` runs with that line, before the wait for `done` goes on.
   */
  async function chaosUntil(
    mode: string,
    intervalSeconds: number,
    done: RegExp,
    timeoutMs: number,
    midway?: { readonly line: RegExp; readonly then: (line: string) => Promise<void> },
  ): Promise<string> {
    try {
      await make(`chaos MODE=${mode} CHAOS_INTERVAL=${intervalSeconds}`);
      const deadline = Date.now() + timeoutMs; // from when the chaos runs
      /** The first line of the log that matches. */
      const lineMatching = (pattern: RegExp) =>
        waitFor(
          `${mode}: ${String(pattern)}`,
          async () => (await chaosLog()).split('\n').find((line) => pattern.test(line)),
          { timeoutMs: Math.max(0, deadline - Date.now()), intervalMs: 1000 },
        );
      if (midway) await midway.then(await lineMatching(midway.line));
      await lineMatching(done);
    } catch (err) {
      // What the chaos did until then says why.
      throw new Error(`${(err as Error).message}\nchaos log:\n${(await chaosLog()).slice(-6000)}`, { cause: err });
    } finally {
      await make('chaos-stop');
    }
    return chaosLog();
  }

  return { make, chaosLog, chaosUntil };
}

/** One login on each server of the pair, by its name (db, db2): `login` on each published port. */
export function pairLogins(login: DbLogin, ports: Readonly<Record<string, number>>): Record<string, DbLogin> {
  return Object.fromEntries(
    Object.entries(ports).map(([server, port]) => [
      server,
      withHiddenPassword<DbLogin>({ ...login, port }, login.password),
    ]),
  );
}

/** A connection straight to one server; a server killed under it shows in its next query, not as an 'error' event. */
export async function serverConnection(login: DbLogin): Promise<mariadb.Connection> {
  const conn = await mariadb.createConnection(loginOptions(login));
  conn.on('error', () => {});
  return conn;
}

/** The name of the pair's one writable server (read_only off): the primary. Waits while there is not exactly one. */
export function currentPrimary(servers: Readonly<Record<string, DbLogin>>): Promise<string> {
  return waitFor('one writable server (the primary)', async () => {
    const writable: string[] = [];
    for (const [server, login] of Object.entries(servers)) {
      const conn = await serverConnection(login);
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
