/**
 * Bringing the pair to its one consistent shape: one primary, writable, replicating from nobody, with the
 * endpoint on it; the other server read-only, replicating from it, with nothing the primary lacks. make up
 * runs it (settlePair.ts: both servers start read-only), and so do failover's and primary-crash's undo
 * and the restore after a killed run. A server with transactions the primary lacks is re-seeded.
 */
import type { Print } from '../announce';
import { formatSeconds } from '../lines';
import { sleep, throwIfStopped } from '../../../lib/sleep';
import { rolesOf, type PairState, type ReplicatedPair } from './replicatedPair';
import {
  countMissingOn,
  makeReadOnly,
  makeWritable,
  replicateFrom,
  startReplicating,
  stopReplicating,
  waitForGtids,
  type ServerRole,
} from './serverRole';

/** Empties a diverged server's data and starts it again (reseed.ts, through Docker). */
export type Reseed = (server: string) => Promise<void>;

/** A re-seeded server initialises again (about a minute for MySQL on a busy machine) and copies the history. */
export const RESEED_DEADLINE_MS = 240_000;
const CATCH_UP_SECONDS = 60;

function answered(state: PairState): Map<string, ServerRole> {
  const roles = new Map<string, ServerRole>();
  for (const [server, role] of state.roles) {
    if (role instanceof Error) throw role;
    roles.set(server, role);
  }
  return roles;
}

/** Which server should be the primary: the one replicating from nobody; of two such, the one lacking nothing. */
async function choosePrimary(pair: ReplicatedPair, state: PairState, stop: AbortSignal): Promise<string> {
  const settled = rolesOf(state);
  if (settled) return settled.primary;
  const roles = answered(state);
  const [a, b] = pair.servers;
  const [roleA, roleB] = [roles.get(a)!, roles.get(b)!];
  if (roleA.source === undefined && roleB.source === undefined) {
    const aLacks = await pair.use(b, stop, (conn) => countMissingOn(conn, roleB, roleA));
    const bLacks = await pair.use(a, stop, (conn) => countMissingOn(conn, roleA, roleB));
    if (aLacks === 0 && bLacks > 0) return b;
    if (bLacks === 0 && aLacks > 0) return a;
  }
  // Both replicas, or two diverged primaries: the endpoint's server keeps the role (the app wrote there last).
  return pair.endpointTarget(state) ?? a;
}

/**
 * Makes `server` the replica of `primary`. When it holds transactions the primary lacks, they are
 * counted and the server is re-seeded. Resolves with that count.
 */
export async function rejoinAsReplica(
  pair: ReplicatedPair,
  server: string,
  primary: string,
  reseed: Reseed,
  print: Print,
  stop: AbortSignal,
): Promise<number> {
  const role = await pair.role(server, stop);
  const primaryRole = await pair.role(primary, stop);
  const missing = await pair.use(server, stop, (conn) => countMissingOn(conn, role, primaryRole));
  if (missing > 0) {
    const started = Date.now();
    print(
      `${server} holds ${missing} transaction(s) that ${primary} never received: re-seeding ${server} from ${primary}`,
    );
    await reseed(server);
    const deadline = AbortSignal.any([stop, AbortSignal.timeout(RESEED_DEADLINE_MS)]);
    // Its first answers may come from the temporary server of its initialisation: wait for a replica.
    for (;;) {
      throwIfStopped(stop);
      const now = await pair.role(server, deadline).catch(() => undefined);
      if (now?.source === primary) break;
      if (deadline.aborted) throw new Error(`${server} did not come back as ${primary}'s replica in time`);
      await sleep(1000, deadline);
    }
    print(`${server} is re-seeded and replicates from ${primary} (${formatSeconds((Date.now() - started) / 1000)})`);
  } else {
    await pair.use(server, stop, async (conn) => {
      await makeReadOnly(conn, role.flavor);
      if (role.source !== primary) await replicateFrom(conn, role.flavor, primary, pair.settings.replicationLogin);
      else if (!role.replicating) await startReplicating(conn, role.flavor);
    });
  }
  return missing;
}

export interface SettledPair {
  readonly primary: string;
  readonly replica: string;
  /** Transactions the replica had that the primary lacked (it was re-seeded). */
  readonly diverged: number;
}

export async function settlePair(
  pair: ReplicatedPair,
  reseed: Reseed,
  print: Print,
  stop: AbortSignal,
  waitMs = 120_000,
  catchUpSeconds = CATCH_UP_SECONDS,
): Promise<SettledPair> {
  const state = await pair.read(waitMs, stop);
  answered(state);
  const primary = await choosePrimary(pair, state, stop);
  const replica = pair.other(primary);
  const primaryRole = await pair.role(primary, stop);
  await pair.use(primary, stop, async (conn) => {
    if (primaryRole.source !== undefined) await stopReplicating(conn, primaryRole.flavor);
    await makeWritable(conn, primaryRole.flavor);
  });
  if (pair.endpointTarget(state) !== primary) {
    await pair.moveEndpoint(primary);
    print(`moved the endpoint to ${primary}`);
  }
  const diverged = await rejoinAsReplica(pair, replica, primary, reseed, print, stop);
  const gtids = (await pair.role(primary, stop)).gtids;
  const caughtUp = await pair.use(replica, stop, async (conn) =>
    waitForGtids(conn, primaryRole.flavor, gtids, catchUpSeconds),
  );
  if (!caughtUp)
    print(`${replica} has not caught up with ${primary} within ${catchUpSeconds}s: it goes on replicating`);
  return { primary, replica, diverged };
}

/** "db is the primary (writable); db2 replicates from it (read-only, 0s behind)". */
export function pairLine(primary: string, replica: string, replicaRole: ServerRole): string {
  const lag = replicaRole.lagSeconds === undefined ? 'lag unknown' : `${formatSeconds(replicaRole.lagSeconds)} behind`;
  const state = replicaRole.replicating ? lag : `not replicating: ${replicaRole.replicationError || 'stopped'}`;
  const mode = replicaRole.semiSync ? 'semi-synchronous' : 'asynchronous';
  return `${primary} is the primary (writable, behind the endpoint); ${replica} replicates from it (read-only, ${mode}, ${state})`;
}
