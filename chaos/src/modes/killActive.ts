import { interruptRunningQueries } from '../killConnections';
import { countOf, formatSeconds, interruptLine } from '../lines';
import type { ChaosMode, ModeContext } from './mode';

/**
 * KILL QUERY: the statement fails (ER_QUERY_INTERRUPTED, 1317) but the connection stays open.
 * Statements of this app take milliseconds; /lab/slow-person?ms=3000 makes one that lasts.
 */
export function killActiveMode({ config, session, announce }: ModeContext): ChaosMode {
  const { targetUser } = config;
  let total = 0;
  return {
    name: 'kill-active',
    intro: `kill-active: every ${formatSeconds(config.intervalMs / 1000)}, KILL QUERY each statement ${targetUser} is running`,
    async round(stop) {
      const interrupted = await session.use(stop, (conn) => interruptRunningQueries(conn, { targetUser }));
      for (const query of interrupted) {
        total += 1;
        announce({ type: 'kill-query', message: interruptLine(query, total), connectionId: query.id });
      }
    },
    undo: async () => true, // an interrupted statement cannot be given back
    actions: () => countOf(total, 'statement', 'statements', 'interrupted'),
  };
}
