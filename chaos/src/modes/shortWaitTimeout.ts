import { describeError } from '../../../lib/db/errors';
import { formatSeconds } from '../lines';
import { readGlobalNumber, setGlobalNumber } from '../../../lib/db/serverVariables';
import type { ChaosMode, ModeContext } from './mode';

/**
 * Lowers the server's global wait_timeout: the server itself closes connections idle longer
 * than that — the classic "MySQL server has gone away" of a pool that keeps idle connections.
 * A session takes the global value when it opens, so only connections opened afterwards get it.
 */
export function shortWaitTimeoutMode({ config, session, announce, print, saved }: ModeContext): ChaosMode {
  const target = config.waitTimeoutSeconds;
  /** The global value before we changed it: what undo puts back. Undefined until we change it. */
  let previous: number | undefined;
  let changes = 0;
  return {
    name: 'short-wait-timeout',
    intro:
      `short-wait-timeout: set the global wait_timeout to ${target}s until stopped ` +
      `(checked every ${formatSeconds(config.intervalMs / 1000)}: a restarted server forgets it)`,
    async round(stop) {
      await session.use(stop, async (conn) => {
        const current = await readGlobalNumber(conn, 'wait_timeout');
        if (current === target) return;
        previous ??= saved.keepOriginal('wait_timeout', current); // before the change: a kill must not lose it
        await setGlobalNumber(conn, 'wait_timeout', target);
        changes += 1;
        announce({
          type: 'wait-timeout',
          message:
            `short-wait-timeout: global wait_timeout ${current}s → ${target}s; the server now closes ` +
            `connections opened from now on once they sit idle ${target}s`,
        });
      });
    },
    async undo(deadline) {
      if (previous === undefined) return true;
      const restore = previous;
      try {
        await session.use(deadline, (conn) => setGlobalNumber(conn, 'wait_timeout', restore));
        saved.forget('wait_timeout');
        announce({ type: 'wait-timeout', message: `short-wait-timeout: global wait_timeout restored to ${restore}s` });
        return true;
      } catch (err) {
        print(
          `short-wait-timeout: could not restore wait_timeout (${describeError(err)}): run SET GLOBAL wait_timeout = ${restore}`,
        );
        return false;
      }
    },
    actions: () => `wait_timeout set to ${target}s ${changes === 1 ? 'once' : `${changes} times`}`,
  };
}
