import type { Connection } from 'mariadb';
import { LabReporter, createAnnouncer, killIdleMode } from '../../chaos/src';
import { TEST_EVENTS_TOKEN } from './appProcess';

export interface KillSeen {
  /** The thread id of the killed connection. */
  readonly id: number;
  /** Date.now() when the server answered the KILL: the connection was gone from then on. */
  readonly killedAt: number;
}

export interface AimedChaos {
  /** One round of the chaos program's kill-idle mode (every sleeping connection, however short its sleep). */
  killIdleRound(): Promise<KillSeen[]>;
  /** Waits for the reports to the lab page still in flight. */
  flush(): Promise<void>;
  /** What the chaos program would have printed. */
  readonly lines: string[];
}

type Row = Record<string, unknown>;
const KILL = /^\s*KILL\s+(?:CONNECTION\s+|QUERY\s+)?(\d+)\s*$/i;
const isProcessRow = (row: unknown): row is Row =>
  typeof row === 'object' && row !== null && ('Command' in row || 'COMMAND' in row) && ('Id' in row || 'ID' in row);

/**
 * The chaos user's connection, seen through a process list that holds only the given threads;
 * a KILL of any other thread is refused. The compose stack's app logs in as the same user, and a
 * stray kill would break a naive one there for good.
 */
function confinedConnection(
  conn: Connection,
  isOurs: (id: number) => boolean,
  killTimes: Map<number, number>,
): Connection {
  const query = async (sql: string | { sql: string }, values?: unknown) => {
    const kill = KILL.exec(typeof sql === 'string' ? sql : sql.sql);
    if (kill && !isOurs(Number(kill[1])))
      throw new Error(`refusing to kill thread ${kill[1]}: it is not this test's app`);
    const result: unknown = await conn.query(sql, values);
    if (kill) killTimes.set(Number(kill[1]), Date.now());
    return Array.isArray(result)
      ? result.filter((row) => !isProcessRow(row) || isOurs(Number(row.Id ?? row.ID)))
      : result;
  };
  return new Proxy(conn, {
    get(target, name) {
      if (name === 'query') return query;
      const value: unknown = Reflect.get(target, name, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * The chaos program aimed at one app process: its kill-idle mode (chaos/src/modes/killIdle.ts)
 * on a process list confined to that app's threads, each kill announced by its own LabReporter
 * (POST /lab/chaos-events, with the test apps' events token), so the lab page hears of the kill by the same path as from `make chaos`.
 */
export function chaosAimedAt(
  admin: Connection,
  options: { targetUser: string; isOurs: (id: number) => boolean; reportUrl: string },
): AimedChaos {
  const killTimes = new Map<number, number>();
  const conn = confinedConnection(admin, options.isOurs, killTimes);
  const lines: string[] = [];
  const print = (line: string) => lines.push(line);
  const reporter = new LabReporter(options.reportUrl, print, TEST_EVENTS_TOKEN);
  const announce = createAnnouncer(print, reporter);
  let killedThisRound: KillSeen[] = [];
  const mode = killIdleMode({
    config: { targetUser: options.targetUser, minIdleSeconds: 0, intervalMs: 0 },
    session: { use: (_stop, use) => use(conn) },
    announce(event) {
      if (event.connectionId !== undefined)
        killedThisRound.push({ id: event.connectionId, killedAt: killTimes.get(event.connectionId)! });
      announce(event);
    },
  });
  return {
    lines,
    async killIdleRound() {
      killedThisRound = [];
      await mode.round(new AbortController().signal);
      return killedThisRound;
    },
    flush: () => reporter.flush(),
  };
}
