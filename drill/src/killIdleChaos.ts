/**
 * The chaos of the drill: every intervalMs (counted after a round ends, as the chaos program does),
 * kill every sleeping connection of the app user, however short its sleep. It is the chaos
 * program's own kill-idle round (killSleepingConnections) with minIdleSeconds 0.
 */
import { ChaosDbSession, killSleepingConnections } from '../../chaos/src';
import { sleep } from '../../lib/sleep';
import type { DbLogin } from './labSettings';

export interface KillIdleSettings {
  readonly chaosLogin: DbLogin;
  readonly targetUser: string;
  readonly intervalMs: number;
  /** Told about trouble of the chaos itself (its connection lost, a round failed). */
  readonly note?: (line: string) => void;
}

/** Starts once its connection is open, so the first round comes right after the phase begins. */
export async function startKillIdleChaos({
  chaosLogin,
  targetUser,
  intervalMs,
  note = () => {},
}: KillIdleSettings): Promise<{ stop(): Promise<{ rounds: number; kills: number; failedRounds: number }> }> {
  const stopping = new AbortController();
  const session = new ChaosDbSession(chaosLogin, (line) => {
    if (!line.startsWith('connected to')) note(`chaos: ${line}`);
  });
  await session.connection(stopping.signal);
  let rounds = 0;
  let kills = 0;
  let failedRounds = 0;
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      try {
        rounds++;
        kills += (
          await session.use(stopping.signal, (conn) => killSleepingConnections(conn, { targetUser, minIdleSeconds: 0 }))
        ).length;
      } catch (err) {
        if (stopping.signal.aborted) break;
        if (failedRounds++ === 0) note(`chaos: a kill round failed (${(err as Error).message})`);
      }
      await sleep(intervalMs, stopping.signal);
    }
  })();
  return {
    /** Ends the loop after the current round and closes the chaos connection. */
    async stop() {
      stopping.abort();
      await loop;
      await session.close();
      return { rounds, kills, failedRounds };
    },
  };
}
