import { describeError } from '../../../lib/db/errors';
import type { ContainerSummary } from '../../../lib/docker/dockerEngine';
import { sleep } from '../../../lib/sleep';
import type { ChaosEvent } from '../announce';
import type { ChaosModeName } from '../config';
import { countOf, formatSeconds } from '../lines';
import { findDbContainer, waitUntilDatabaseAnswers } from './dbContainer';
import type { ChaosMode, ModeContext } from './mode';

/** A fault that silences the database for CHAOS_DOWN_SECONDS without closing anything (partition, freeze). */
export interface SilentFault {
  readonly name: ChaosModeName;
  /** What it does, for the intro: "drop every packet to and from the db container's port 3306". */
  readonly does: string;
  apply(container: ContainerSummary): Promise<void>;
  lift(container: ContainerSummary): Promise<void>;
  readonly appliedEvent: (container: ContainerSummary, count: number, forSeconds: string) => ChaosEvent;
  readonly liftedEvent: (container: ContainerSummary, afterSeconds: string) => ChaosEvent;
  /** The command that lifts it by hand, named when the undo fails. */
  readonly byHand: (container: ContainerSummary) => string;
}

/**
 * The shared round of the silent faults: apply, wait CHAOS_DOWN_SECONDS, lift, wait until the
 * database answers. The fault is marked active before it is applied, so a stop at any moment
 * lifts it (lifting is harmless when it never took hold).
 */
export function silentFaultMode(ctx: ModeContext, fault: SilentFault): ChaosMode {
  const { announce, config } = ctx;
  const downFor = formatSeconds(config.downMs / 1000);
  let faults = 0;
  let active: { container: ContainerSummary; at: number } | undefined;

  async function liftActive(): Promise<void> {
    if (!active) return;
    await fault.lift(active.container);
    announce(fault.liftedEvent(active.container, formatSeconds((Date.now() - active.at) / 1000)));
    active = undefined;
  }

  return {
    name: fault.name,
    intro:
      `${fault.name}: ${fault.does} for ${downFor}, without closing a connection; then lift it, wait until ` +
      `the database answers, ${formatSeconds(config.intervalMs / 1000)} more, and again`,
    async round(stop) {
      await liftActive(); // a lift that failed last round comes first
      const container = await findDbContainer(ctx);
      active = { container, at: Date.now() };
      await fault.apply(container);
      faults += 1;
      announce(fault.appliedEvent(container, faults, downFor));
      if (!(await sleep(config.downMs, stop))) return; // stopping: undo lifts it
      await liftActive();
      const waited = await waitUntilDatabaseAnswers(ctx, stop);
      if (waited !== undefined)
        ctx.print(`${fault.name}: the database answers again ${formatSeconds(waited)} after the fault ended`);
    },
    async undo() {
      try {
        await liftActive();
        return true;
      } catch (err) {
        ctx.print(
          `${fault.name}: could not lift the fault (${describeError(err)}): run "${active ? fault.byHand(active.container) : ''}"`,
        );
        return false;
      }
    },
    actions: () => countOf(faults, fault.name, `${fault.name}s`, 'caused'),
  };
}
