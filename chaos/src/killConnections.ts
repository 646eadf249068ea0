/**
 * What the kill modes do, as plain functions of a connection: no side effect on import, so the
 * e2e tests and the drill can import them and do on demand exactly what the chaos container does.
 */
import type { Connection } from 'mariadb';
import { chooseIdleVictims, chooseRunningQueries } from './chooseVictims';
import { ER, errnoOf } from '../../lib/db/errors';
import { readProcessList } from '../../lib/db/processList';

export interface KilledConnection {
  readonly id: number;
  readonly idleSeconds: number;
}

export interface InterruptedQuery {
  readonly id: number;
  readonly runningSeconds: number;
  readonly statement: string | null;
}

export interface KillIdleOptions {
  readonly targetUser: string;
  readonly minIdleSeconds: number;
}

/**
 * Runs a KILL statement; false when the thread was already gone. Between reading the process
 * list and the KILL, a per-request connection may simply have closed: that is not an error.
 */
async function killThread(conn: Connection, statement: 'KILL CONNECTION' | 'KILL QUERY', id: number): Promise<boolean> {
  if (!Number.isSafeInteger(id) || id <= 0) throw new RangeError(`not a thread id: ${id}`);
  try {
    await conn.query(`${statement} ${id}`); // an integer checked above: nothing to escape
    return true;
  } catch (err) {
    if (errnoOf(err) === ER.NO_SUCH_THREAD) return false;
    throw err;
  }
}

/**
 * Kills the target user's connections that sit idle ('Sleep') for at least minIdleSeconds,
 * never the asking connection. Resolves with the connections actually killed.
 * The asking connection needs PROCESS (to see them) and CONNECTION ADMIN or SUPER (to kill them).
 */
export async function killSleepingConnections(conn: Connection, options: KillIdleOptions): Promise<KilledConnection[]> {
  const victims = chooseIdleVictims(await readProcessList(conn), { ...options, ownId: conn.threadId });
  const killed: KilledConnection[] = [];
  for (const victim of victims) {
    if (await killThread(conn, 'KILL CONNECTION', victim.id))
      killed.push({ id: victim.id, idleSeconds: victim.timeSeconds });
  }
  return killed;
}

/**
 * Interrupts the statements the target user is running (KILL QUERY): the connection stays open,
 * the statement fails with ER_QUERY_INTERRUPTED (1317). Never the asking connection's own statement.
 */
export async function interruptRunningQueries(
  conn: Connection,
  options: { readonly targetUser: string },
): Promise<InterruptedQuery[]> {
  const running = chooseRunningQueries(await readProcessList(conn), { ...options, ownId: conn.threadId });
  const interrupted: InterruptedQuery[] = [];
  for (const query of running) {
    if (await killThread(conn, 'KILL QUERY', query.id)) {
      interrupted.push({ id: query.id, runningSeconds: query.timeSeconds, statement: query.statement });
    }
  }
  return interrupted;
}
