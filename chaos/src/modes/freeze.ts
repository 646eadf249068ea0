import type { ChaosMode, ModeContext } from './mode';
import { silentFaultMode } from './silentFault';

/**
 * A frozen server: the db container is paused (docker pause) for CHAOS_DOWN_SECONDS. Its kernel
 * still accepts connections and acknowledges packets, but the server answers nothing — a stalled
 * VM, a full disk, a global lock.
 */
export function freezeMode(ctx: ModeContext): ChaosMode {
  const { docker, config } = ctx;
  return silentFaultMode(ctx, {
    name: 'freeze',
    does: `pause the db container of ${config.composeProject}`,
    async apply(container) {
      if (container.state === 'paused') await docker.unpause(container.id); // left by a killed run
      await docker.pause(container.id);
    },
    async lift(container) {
      // Refused when it is not paused (the pause never took, or someone unpaused it): nothing to lift then.
      if ((await docker.stateOf(container.id)) === 'paused') await docker.unpause(container.id);
    },
    appliedEvent: (container, count, forSeconds) => ({
      type: 'freeze',
      message: `freeze: paused ${container.name} for ${forSeconds} (its connections stay open, nothing answers) — freeze ${count}`,
    }),
    liftedEvent: (container, after) => ({
      type: 'freeze-end',
      message: `freeze: unpaused ${container.name} after ${after}`,
    }),
    byHand: (container) => `docker unpause ${container.name}`,
  });
}
