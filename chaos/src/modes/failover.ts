import { formatSeconds } from '../lines';
import { reseederFor } from '../replication/reseed';
import { ReplicatedPair, rolesOf } from '../replication/replicatedPair';
import { makeReadOnly, makeWritable, replicateFrom, stopReplicating, waitForGtids } from '../replication/serverRole';
import { settlePair } from '../replication/settle';
import { stepPrinter } from '../replication/steps';
import type { ChaosMode, ModeContext } from './mode';

/** How long the replica may take to apply what the old primary has, before the switchover is called off. */
const CATCH_UP_SECONDS = 10;
/** Undoing may re-seed a server (a minute or more): below compose's 30 s stop grace period for the chaos. */
export const PAIR_UNDO_DEADLINE_MS = 25_000;
/**
 * How long an undo waits for the replica to catch up before it leaves it replicating. The server's wait
 * is not cut by the deadline: with settle's 60 s, a replica re-seeded in the last round and still copying
 * the whole history would hold the undo past the grace period (likely why compose killed a MySQL chaos, 137).
 */
const UNDO_CATCH_UP_SECONDS = 5;

/** The pair of a pair mode: config.ts refuses these modes without TOPOLOGY=primary-replica. */
export function pairOf({ config, print }: ModeContext): ReplicatedPair {
  if (!config.pair) throw new Error(`${config.mode} needs TOPOLOGY=primary-replica`);
  return new ReplicatedPair(config.pair, config.db, print);
}

/** Back to one writable primary behind the endpoint and its replica (settle.ts). */
export async function settleAfter(ctx: ModeContext, pair: ReplicatedPair, deadline: AbortSignal): Promise<boolean> {
  try {
    const { primary, replica } = await settlePair(
      pair,
      reseederFor(ctx.docker, ctx.config.composeProject),
      ctx.print,
      deadline,
      10_000,
      UNDO_CATCH_UP_SECONDS,
    );
    ctx.print(`${ctx.config.mode}: the pair is consistent: ${primary} is the primary, ${replica} its replica`);
    return true;
  } catch (err) {
    ctx.print(
      `${ctx.config.mode}: could not make the pair consistent (${(err as Error).message}): make chaos-stop tries again`,
    );
    return false;
  } finally {
    await pair.close();
  }
}

/**
 * A planned switchover every CHAOS_INTERVAL, as an operator (or a managed database's maintenance) does it:
 * the primary turns read-only, the replica applies everything the primary has, is promoted, the endpoint
 * moves to it, and the old primary becomes its replica; the next round moves the role back. Connections
 * the app already holds stay on the old, now read-only server: their writes fail with 1290.
 */
export function failoverMode(ctx: ModeContext): ChaosMode {
  const { announce, print } = ctx;
  const pair = pairOf(ctx);
  const step = stepPrinter('failover', print);
  let switchovers = 0;

  return {
    name: 'failover',
    intro: `failover: every ${formatSeconds(ctx.config.intervalMs / 1000)}, a planned switchover between ${pair.servers.join(' and ')}: the primary turns read-only, its replica catches up, is promoted, the endpoint moves, the old primary replicates from the new one`,
    undoDeadlineMs: PAIR_UNDO_DEADLINE_MS,
    async round(stop) {
      const started = Date.now();
      const state = await pair.read(5000, stop);
      const roles = rolesOf(state);
      if (!roles) throw new Error('the pair is not one primary and its replica: make chaos-stop makes it so');
      const { primary, replica } = roles;
      const old = state.roles.get(primary);
      if (old instanceof Error || !old) throw old ?? new Error(`${primary} does not answer`);
      await step(`${primary} read-only: writes there now fail with 1290`, () =>
        pair.use(primary, stop, (conn) => makeReadOnly(conn, old.flavor)),
      );
      const readOnlyAt = Date.now();
      const gtids = (await pair.role(primary, stop)).gtids;
      const caughtUp = await step(`${replica} applied everything ${primary} has`, () =>
        pair.use(replica, stop, (conn) => waitForGtids(conn, old.flavor, gtids, CATCH_UP_SECONDS)),
      );
      if (!caughtUp) {
        await pair.use(primary, stop, (conn) => makeWritable(conn, old.flavor));
        throw new Error(
          `${replica} did not catch up within ${CATCH_UP_SECONDS}s: switchover called off, ${primary} is writable again`,
        );
      }
      await step(`${replica} promoted: replicates from nobody, writable`, () =>
        pair.use(replica, stop, async (conn) => {
          await stopReplicating(conn, old.flavor);
          await makeWritable(conn, old.flavor);
        }),
      );
      await step(`endpoint moved to ${replica}: new connections go there, open ones stay on ${primary}`, () =>
        pair.moveEndpoint(replica),
      );
      const writableAfter = (Date.now() - readOnlyAt) / 1000;
      await step(`${primary} replicates from ${replica}`, () =>
        pair.use(primary, stop, (conn) => replicateFrom(conn, old.flavor, replica, pair.settings.replicationLogin)),
      );
      switchovers += 1;
      announce({
        type: 'failover',
        message:
          `failover: ${replica} is the primary now, ${primary} its read-only replica — switchover ${switchovers} ` +
          `in ${formatSeconds((Date.now() - started) / 1000)}, writes refused for ${formatSeconds(writableAfter)}`,
      });
    },
    undo: (deadline) => settleAfter(ctx, pair, deadline),
    actions: () => `${switchovers} switchover${switchovers === 1 ? '' : 's'} done`,
  };
}
