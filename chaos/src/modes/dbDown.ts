import { describeError } from '../../../lib/db/errors';
import type { ContainerSummary } from '../../../lib/docker/dockerEngine';
import { countOf, formatSeconds } from '../lines';
import { sleep } from '../../../lib/sleep';
import { STOP_GRACE_SECONDS, findDbContainer, waitUntilDatabaseAnswers } from './dbContainer';
import type { ChaosMode, ModeContext } from './mode';

/**
 * Stops the db container for CHAOS_DOWN_SECONDS, then starts it again: a real outage, during which
 * the app must fail fast (503) and recover by itself once the server is back.
 */
export function dbDownMode(ctx: ModeContext): ChaosMode {
  const { docker, announce, config } = ctx;
  let outages = 0;
  /** Stopped by us and not started again: what undo must start. */
  let stopped: { container: ContainerSummary; at: number } | undefined;

  async function startAgain(): Promise<void> {
    if (!stopped) return;
    await docker.start(stopped.container.id);
    const downFor = formatSeconds((Date.now() - stopped.at) / 1000);
    announce({
      type: 'db-start',
      message: `db-down: started container ${stopped.container.name} again after ${downFor} down`,
    });
    stopped = undefined;
  }

  return {
    name: 'db-down',
    intro:
      `db-down: stop the db container of ${config.composeProject} for ${formatSeconds(config.downMs / 1000)}, ` +
      `start it, wait until it answers, then ${formatSeconds(config.intervalMs / 1000)} more, and again`,
    async round(stop) {
      await startAgain(); // a start that failed last round comes first
      const container = await findDbContainer(ctx);
      await docker.stop(container.id, STOP_GRACE_SECONDS);
      stopped = { container, at: Date.now() };
      outages += 1;
      announce({
        type: 'db-stop',
        message: `db-down: stopped container ${container.name}; it stays down for ${formatSeconds(config.downMs / 1000)} — outage ${outages}`,
      });
      if (!(await sleep(config.downMs, stop))) return; // stopping: undo starts it
      await startAgain();
      const waited = await waitUntilDatabaseAnswers(ctx, stop);
      if (waited !== undefined)
        ctx.print(`db-down: the database answers again ${formatSeconds(waited)} after the start`);
    },
    async undo() {
      try {
        await startAgain();
        return true;
      } catch (err) {
        ctx.print(
          `db-down: could not start the db container again (${describeError(err)}): run "docker start ${stopped?.container.name}"`,
        );
        return false;
      }
    },
    actions: () => countOf(outages, 'outage', 'outages', 'caused'),
  };
}
