/**
 * The drill's chaos: the chaos program's own kill-idle mode and round loop (runChaos) every intervalMs
 * (counted after a round ends), killing each sleeping connection of the app user however short its sleep.
 * Its kills are counted; of its lines only trouble (its connection lost, a round failed) reaches the output.
 */
import { ChaosDbSession, killIdleMode, runChaos } from '../../chaos/src';
import type { DrillDbSettings } from './labSettings';

/** Starts once its connection is open, so the first round comes right after the phase begins. */
export async function startKillIdleChaos(db: DrillDbSettings, intervalMs: number, note: (line: string) => void) {
  const stopping = new AbortController();
  const session = new ChaosDbSession(db.chaos, (line) => {
    if (!line.startsWith('connected to')) note(`chaos: ${line}`);
  });
  await session.connection(stopping.signal);
  let kills = 0;
  const mode = killIdleMode({
    config: { targetUser: db.app.user, minIdleSeconds: 0, intervalMs },
    session,
    announce: () => void kills++,
  });
  // Of the loop's own lines (the mode's intro, the summary), only a failed round's reaches the drill's output.
  const print = (line: string) => void (/ round \d+ failed /.test(line) && note(`chaos: ${line}`));
  const running = runChaos(mode, { intervalMs, stop: stopping.signal, print });
  return {
    /** Ends the loop after the current round and closes the chaos connection; resolves with the kills. */
    async stop(): Promise<number> {
      stopping.abort();
      await running;
      await session.close();
      return kills;
    },
  };
}
