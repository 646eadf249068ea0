import { countOf, formatSeconds } from '../lines';
import { STOP_GRACE_SECONDS, findDbContainer, waitUntilDatabaseAnswers } from './dbContainer';
import type { ChaosMode, ModeContext } from './mode';

/**
 * Restarts the db container: every connection of every client dies at once, and new ones are
 * refused for a few seconds. The next round waits CHAOS_INTERVAL after the server answers again,
 * so the app always gets some healthy time between two restarts.
 */
export function restartDbMode(ctx: ModeContext): ChaosMode {
  let restarts = 0;
  return {
    name: 'restart-db',
    intro:
      `restart-db: restart the db container of ${ctx.config.composeProject}, wait until it answers, ` +
      `then ${formatSeconds(ctx.config.intervalMs / 1000)} more, and again`,
    async round(stop) {
      const container = await findDbContainer(ctx);
      const started = Date.now();
      await ctx.docker.restart(container.id, STOP_GRACE_SECONDS);
      restarts += 1;
      ctx.announce({
        type: 'db-restart',
        message: `restart-db: restarted container ${container.name} in ${formatSeconds((Date.now() - started) / 1000)} — total ${restarts}`,
      });
      const waited = await waitUntilDatabaseAnswers(ctx, stop);
      if (waited !== undefined) {
        ctx.print(
          `restart-db: the database answers again, ${formatSeconds((Date.now() - started) / 1000)} after the restart began`,
        );
      }
    },
    undo: async () => true, // a restarted database is simply running: nothing to put back
    actions: () => countOf(restarts, 'restart', 'restarts', 'done'),
  };
}
