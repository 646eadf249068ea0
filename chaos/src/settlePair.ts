/**
 * `node dist/chaos/src/settlePair.js`: make up runs it in the chaos image for TOPOLOGY=primary-replica,
 * after both servers are healthy. Both start read-only (the Makefile's server options): this decides which
 * one is the primary (replication/settle.ts), makes it writable, points the endpoint at it, makes the other
 * its read-only replica, and prints both and the replica's lag.
 * Exit codes: 0 when the pair is consistent, 1 when it could not be made so, 2 for settings it refuses.
 */
import { createPrinter } from './announce';
import { REFUSED_SETTINGS_EXIT_CODE, loadChaosConfigOrExplain, loadUndoConfig } from './config';
import { describeError } from '../../lib/db/errors';
import { DockerEngine } from '../../lib/docker/dockerEngine';
import { ReplicatedPair } from './replication/replicatedPair';
import { reseederFor } from './replication/reseed';
import { pairLine, settlePair } from './replication/settle';

async function main(): Promise<number> {
  const print = createPrinter();
  const config = loadChaosConfigOrExplain(process.env, loadUndoConfig);
  if (!config) return REFUSED_SETTINGS_EXIT_CODE;
  if (!config.pair) {
    console.error('settlePair: CHAOS_TOPOLOGY is not primary-replica: there is one server, nothing to settle');
    return REFUSED_SETTINGS_EXIT_CODE;
  }
  const docker = new DockerEngine();
  const pair = new ReplicatedPair(config.pair, config.db, () => {});
  const stop = AbortSignal.timeout(300_000);
  try {
    const { primary, replica } = await settlePair(pair, reseederFor(docker, config.composeProject), print, stop);
    const [primaryRole, replicaRole] = [await pair.role(primary, stop), await pair.role(replica, stop)];
    print(`${pairLine(primary, replica, replicaRole)}; server ids ${primaryRole.serverId} and ${replicaRole.serverId}`);
    return 0;
  } catch (err) {
    print(`could not settle the pair (${describeError(err)}): make ps and make logs show why; make up tries again`);
    return 1;
  } finally {
    await pair.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('settlePair: crashed:', err);
    process.exit(1);
  },
);
