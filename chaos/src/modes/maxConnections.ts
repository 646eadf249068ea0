import type { Connection } from 'mariadb';
import { ER, describeError, errnoOf } from '../../../lib/db/errors';
import { closeQuietly, openChaosConnection } from '../dbSession';
import { formatSeconds } from '../lines';
import { readGlobalNumber, readThreadsConnected, setGlobalNumber } from '../../../lib/db/serverVariables';
import type { ChaosMode, ModeContext } from './mode';

/** Connections we hold once max_connections is lowered: few threads, and the limit plainly reached. */
export const HELD_CONNECTIONS = 4;

/** The max_connections that leaves room for exactly `held` more connections, never above the current limit. */
export function loweredLimit(connected: number, currentMax: number, held = HELD_CONNECTIONS): number {
  return Math.min(currentMax, connected + held);
}

/**
 * Fills the server: new connections of the app are refused with "Too many connections" (1040),
 * while connections it already holds go on working (a pool's, for a while).
 * We lower max_connections to the connections open now plus a few, then hold those few
 * ourselves. The server checks the limit after login and lets accounts with CONNECTION ADMIN
 * (or SUPER) in past it by one, so filling stops at the limit and the app user is the one refused
 * (the e2e test of this mode passes on MySQL 9.7 and MariaDB 11.8). Without the right to SET GLOBAL
 * we fill the server's own limit instead. Each round takes back the slots the app freed.
 */
export function maxConnectionsMode({ config, session, announce, print, saved }: ModeContext): ChaosMode {
  const held = new Set<Connection>();
  let original: number | undefined; // max_connections before we lowered it: what undo puts back
  let lowered: number | undefined;
  let mayLower = true;
  let reportedHeld = -1;
  let mostHeld = 0;

  async function lowerLimit(conn: Connection, connected: number, max: number): Promise<number> {
    const limit = loweredLimit(connected, max);
    if (!mayLower || max === lowered || limit === max) return max;
    // Saved before the change, so that a kill cannot lose it; a restarted server comes back with its
    // configured value, and the first one saved is kept.
    const kept = saved.keepOriginal('max_connections', max);
    try {
      await setGlobalNumber(conn, 'max_connections', limit);
    } catch (err) {
      if (original === undefined) saved.forget('max_connections');
      if (errnoOf(err) !== ER.SPECIFIC_ACCESS_DENIED) throw err;
      mayLower = false;
      print(
        `max-connections: may not SET GLOBAL max_connections (${describeError(err)}); filling all ${max} connections instead`,
      );
      return max;
    }
    original ??= kept;
    // Read it back: the server may round it (MariaDB's minimum is 10, MySQL's 1).
    lowered = await readGlobalNumber(conn, 'max_connections');
    announce({
      type: 'max-connections',
      message: `max-connections: max_connections lowered from ${max} to ${lowered} (${connected} ${connected === 1 ? 'connection' : 'connections'} open)`,
    });
    return lowered;
  }

  return {
    name: 'max-connections',
    intro:
      `max-connections: keep the server full, so new connections of ${config.targetUser} get "Too many connections" ` +
      `(checked every ${formatSeconds(config.intervalMs / 1000)})`,
    async round(stop) {
      await session.use(stop, async (conn) => {
        const before = held.size;
        for (const c of held) if (!c.isValid()) held.delete(c); // killed, or the server restarted
        const lost = before - held.size;
        let connected = await readThreadsConnected(conn);
        const max = await lowerLimit(conn, connected, await readGlobalNumber(conn, 'max_connections'));
        let opened = 0;
        while (connected < max && !stop.aborted) {
          try {
            held.add(await openChaosConnection(config.db));
            connected += 1;
            opened += 1;
          } catch (err) {
            if (errnoOf(err) === ER.CON_COUNT_ERROR) break; // full: someone else took the last slot
            throw err;
          }
        }
        mostHeld = Math.max(mostHeld, held.size);
        if (opened === 0 && lost === 0 && held.size === reportedHeld) return;
        reportedHeld = held.size;
        const change = [opened && `took ${opened}`, lost && `lost ${lost}`].filter(Boolean).join(', ');
        announce({
          type: 'max-connections',
          message:
            `max-connections: holding ${held.size} connections (${change || 'no change'}); ` +
            (connected >= max
              ? `the server is full (${connected} of ${max}): new connections of ${config.targetUser} are refused with "Too many connections" (1040)`
              : `the server is at ${connected} of ${max}`),
        });
      });
    },
    async undo(deadline) {
      const count = held.size;
      await Promise.all([...held].map(closeQuietly));
      held.clear();
      print(`max-connections: released the ${count} connections we held`);
      if (original === undefined) return true;
      const restore = original;
      try {
        await session.use(deadline, (conn) => setGlobalNumber(conn, 'max_connections', restore));
        saved.forget('max_connections');
        announce({ type: 'max-connections', message: `max-connections: max_connections restored to ${restore}` });
        return true;
      } catch (err) {
        print(
          `max-connections: could not restore max_connections (${describeError(err)}): run SET GLOBAL max_connections = ${restore}`,
        );
        return false;
      }
    },
    actions: () => `up to ${mostHeld} connections held`,
  };
}
