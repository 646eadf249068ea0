import type { ChaosConfig } from '../config';
import type { ChaosDbSession } from '../dbSession';
import { killSleepingConnections } from '../killConnections';
import { countOf, formatSeconds, killLine } from '../lines';
import type { ChaosMode, ModeContext } from './mode';

/** What kill-idle needs of the chaos program's context: the browser test runs its rounds on a connection of its own. */
export interface KillIdleContext {
  readonly config: Pick<ChaosConfig, 'targetUser' | 'minIdleSeconds' | 'intervalMs'>;
  readonly session: Pick<ChaosDbSession, 'use'>;
  readonly announce: ModeContext['announce'];
}

/**
 * The lab's core fault: a connection the app keeps open while idle is killed by the server side,
 * as a firewall, a proxy, a failover or wait_timeout would. The naive app holds one such connection.
 */
export function killIdleMode({ config, session, announce }: KillIdleContext): ChaosMode {
  const { targetUser, minIdleSeconds } = config;
  let total = 0;
  return {
    name: 'kill-idle',
    intro:
      `kill-idle: every ${formatSeconds(config.intervalMs / 1000)}, KILL each connection of ${targetUser} ` +
      `idle for ${formatSeconds(minIdleSeconds)} or more`,
    async round(stop) {
      const killed = await session.use(stop, (conn) => killSleepingConnections(conn, { targetUser, minIdleSeconds }));
      for (const connection of killed) {
        total += 1;
        announce({ type: 'kill', message: killLine(connection, total), connectionId: connection.id });
      }
    },
    // Nothing to put back: reopening a killed connection is the app's job, and the point of the lab.
    undo: async () => true,
    actions: () => countOf(total, 'connection', 'connections', 'killed'),
  };
}
