import { runNetAdminScript } from '../../../lib/docker/netAdminHelper';
import { DB_CONTAINER_PORT, cutScript, healScript } from '../partitionRules';
import type { ChaosMode, ModeContext } from './mode';
import { silentFaultMode } from './silentFault';

/**
 * A network partition: every packet between the database and its clients is dropped, both ways,
 * for CHAOS_DOWN_SECONDS. Nothing is closed, so no error ever comes: only the app's own deadlines
 * end its waits. The rules live in the db container's network namespace, set by a helper container.
 */
export function partitionMode(ctx: ModeContext): ChaosMode {
  const { docker, config } = ctx;
  const run = (targetId: string, script: string) =>
    runNetAdminScript(docker, { image: config.helperImage, targetId, project: config.composeProject, script });
  return silentFaultMode(ctx, {
    name: 'partition',
    does: `drop every packet to and from port ${DB_CONTAINER_PORT} of the db container of ${config.composeProject}`,
    apply: (container) => run(container.id, cutScript()).then(() => undefined),
    lift: (container) => run(container.id, healScript()).then(() => undefined),
    appliedEvent: (container, count, forSeconds) => ({
      type: 'partition',
      message: `partition: ${container.name} cut off the network for ${forSeconds} (packets dropped, nothing closed) — partition ${count}`,
    }),
    liftedEvent: (container, after) => ({
      type: 'partition-end',
      message: `partition: ${container.name} reachable again after ${after}`,
    }),
    byHand: () => 'make chaos-stop',
  });
}
