import { lookup } from 'node:dns/promises';
import { runNetAdminScript } from '../../../lib/docker/netAdminHelper';
import { formatSeconds } from '../lines';
import { sleep } from '../../../lib/sleep';
import { cutLinkScript, healLinkScript } from '../replication/linkRules';
import { rolesOf } from '../replication/replicatedPair';
import { findServerContainer, reseederFor } from '../replication/reseed';
import { makeWritable, readServerRole, relayLogApplied, stopReplicating } from '../replication/serverRole';
import { rejoinAsReplica } from '../replication/settle';
import { stepPrinter } from '../replication/steps';
import { PAIR_UNDO_DEADLINE_MS, pairOf, settleAfter } from './failover';
import type { ChaosMode, ModeContext } from './mode';

/** How long the replica is cut off its primary before the kill: the writes of these seconds are at risk. */
const REPLICA_BEHIND_MS = 2000;
/** A replica applies what it already received before its promotion, for at most this long. */
const APPLY_RELAY_LOG_MS = 5000;
/** A killed server restarts with crash recovery: seconds, more on a busy machine. */
const RESTART_DEADLINE_MS = 120_000;

/**
 * The primary dies without warning (SIGKILL through the Docker API), a few seconds after its replica was
 * cut off it (replication lag under load): the replica is promoted with whatever it has, the endpoint
 * moves, and once the old server is back it rejoins as a replica. With asynchronous replication it may
 * hold transactions the new primary never got, acknowledged to the app before the crash: they are counted
 * (lost writes) and the old server is re-seeded from the new primary. With semi-synchronous replication
 * the primary acknowledged none of them (each commit waited for the replica).
 */
export function primaryCrashMode(ctx: ModeContext): ChaosMode {
  const { announce, print, docker, config } = ctx;
  const pair = pairOf(ctx);
  const step = stepPrinter('primary-crash', print);
  const helper = (targetId: string, script: string) =>
    runNetAdminScript(docker, { image: config.helperImage, targetId, project: config.composeProject, script });
  let crashes = 0;
  let lost = 0;

  return {
    name: 'primary-crash',
    intro:
      `primary-crash: every ${formatSeconds(config.intervalMs / 1000)}, the primary of ${pair.servers.join(' and ')} is killed ` +
      `${formatSeconds(REPLICA_BEHIND_MS / 1000)} after its replica was cut off it; the replica is promoted, the endpoint moves, ` +
      'the old primary rejoins as a replica (re-seeded if it holds transactions the new primary lacks)',
    undoDeadlineMs: PAIR_UNDO_DEADLINE_MS,
    async round(stop) {
      const state = await pair.read(5000, stop);
      const roles = rolesOf(state);
      if (!roles) throw new Error('the pair is not one primary and its replica: make chaos-stop makes it so');
      const { primary, replica } = roles;
      const replicaRole = state.roles.get(replica);
      if (!replicaRole || replicaRole instanceof Error) throw replicaRole ?? new Error(`${replica} does not answer`);
      const semiSync = replicaRole.semiSync;
      const [primaryContainer, replicaContainer] = await Promise.all([
        findServerContainer(docker, config.composeProject, primary),
        findServerContainer(docker, config.composeProject, replica),
      ]);
      const { address } = await lookup(primary, { family: 4 });
      await step(`${replica} cut off ${primary}: it falls behind`, () =>
        helper(replicaContainer.id, cutLinkScript(address)),
      );
      try {
        await sleep(REPLICA_BEHIND_MS, stop);
        await step(`${primary} killed (SIGKILL)`, () => docker.kill(primaryContainer.id));
      } finally {
        await helper(replicaContainer.id, healLinkScript());
      }
      crashes += 1;
      const crashedAt = Date.now();
      announce({ type: 'primary-crash', message: `primary-crash: killed the primary ${primary} — crash ${crashes}` });
      await step(`${replica} promoted with what it had`, () =>
        pair.use(replica, stop, async (conn) => {
          const deadline = Date.now() + APPLY_RELAY_LOG_MS;
          while (Date.now() < deadline && !(await relayLogApplied(conn))) await sleep(100, stop);
          await stopReplicating(conn, replicaRole.flavor);
          await makeWritable(conn, replicaRole.flavor);
        }),
      );
      await step(`endpoint moved to ${replica}`, () => pair.moveEndpoint(replica));
      announce({
        type: 'failover',
        message: `primary-crash: ${replica} is the primary, ${formatSeconds((Date.now() - crashedAt) / 1000)} after the crash`,
      });
      await step(`${primary} started again`, () => docker.start(primaryContainer.id));
      const restartDeadline = AbortSignal.any([stop, AbortSignal.timeout(RESTART_DEADLINE_MS)]);
      await step(`${primary} answers`, () => pair.use(primary, restartDeadline, readServerRole));
      const missing = await step(`${primary} rejoined as ${replica}'s replica`, () =>
        rejoinAsReplica(pair, primary, replica, reseederFor(docker, config.composeProject), print, stop),
      );
      if (!semiSync) lost += missing;
      announce({
        type: 'lost-writes',
        message:
          missing === 0
            ? `primary-crash: ${replica} had every transaction of ${primary}: nothing lost`
            : semiSync
              ? `primary-crash: ${primary} held ${missing} transaction(s) ${replica} never received, none of them acknowledged (semi-sync: each commit waited for the replica); ${primary} re-seeded`
              : `primary-crash: ${missing} transaction(s) committed and acknowledged on ${primary} never reached ${replica}: lost with asynchronous replication; ${primary} re-seeded`,
      });
    },
    async undo(deadline) {
      // A round cut short may have left the link cut or the old primary stopped.
      for (const server of pair.servers) {
        const container = await findServerContainer(docker, config.composeProject, server).catch(() => undefined);
        if (container?.state === 'running') await helper(container.id, healLinkScript()).catch(() => undefined);
        else if (container) await docker.start(container.id).catch(() => undefined);
      }
      return settleAfter(ctx, pair, deadline);
    },
    actions: () =>
      `${crashes} crash${crashes === 1 ? '' : 'es'}, ${lost} acknowledged transaction${lost === 1 ? '' : 's'} lost`,
  };
}
