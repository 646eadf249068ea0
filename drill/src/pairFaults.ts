/**
 * TOPOLOGY=primary-replica: each strategy in the lab's own app (behind the endpoint, as an app reaches a
 * managed database's name: on the lab's network only, out of reach of the drill's apps on the host) through
 * one `failover` and one `primary-crash` of the real chaos program (make chaos), under keyed writes and reads.
 */
import { chaosLine, chaosLineTime, PRIMARY_CRASH_DONE, switchoverDone } from '../../chaos/src';
import { startKeyedWriters } from '../../lib/load/keyedWriters';
import type { Outcome } from '../../lib/load/load';
import { startReaders } from '../../lib/load/readers';
import { currentPrimary, labDriver, pairLogins, serverConnection } from '../../lib/replicatedLab';
import type { HostLab } from '../../lib/settings/hostLab';
import type { StrategyName } from '../../lib/settings/strategies';
import { waitFor } from '../../lib/waitFor';
import type { PairFault, PairFaultRun } from './results';

/** The round's last line: failover's switchover, primary-crash's verdict on the writes. */
const ROUND_DONE: Record<PairFault, RegExp> = { failover: switchoverDone(1), 'primary-crash': PRIMARY_CRASH_DONE };
/** A primary-crash round re-seeds the old server: minutes on a busy machine (MySQL copies the whole history). */
const ROUND_DEADLINE_MS = 420_000;
/** After the round, writes get this long to come back before the strategy is said never to recover. */
const RECOVERY_WINDOW_MS = 10_000;

/** Seconds from the first failed write to the first acknowledged write answered after the endpoint moved. */
export function writeUnavailableSeconds(
  writes: readonly Pick<Outcome, 'startedAt' | 'ms' | 'status'>[],
  movedAt: number,
): number | null {
  const failedAt = Math.min(...writes.filter((w) => w.status !== 201).map((w) => w.startedAt));
  if (failedAt === Infinity) return 0;
  const answeredAt = writes.filter((w) => w.status === 201).map((w) => w.startedAt + w.ms);
  const backAt = Math.min(...answeredAt.filter((at) => at >= Math.max(movedAt, failedAt)));
  return backAt === Infinity ? null : (backAt - failedAt) / 1000;
}

/** The acknowledged surnames the writable server of the pair (db or db2, as published) lacks. */
async function lostOnPrimary(lab: HostLab, runId: string, acked: readonly string[]) {
  const servers = pairLogins(lab.app, { db: lab.app.port, db2: lab.db2Port });
  const conn = await serverConnection(servers[await currentPrimary(servers)]);
  try {
    const rows = await conn.query<{ surname: string }[]>('SELECT surname FROM person WHERE surname LIKE ?', [
      `drill-${runId}-%`,
    ]);
    const stored = new Set(rows.map((row) => row.surname));
    return acked.filter((surname) => !stored.has(surname)).length;
  } finally {
    await conn.end();
  }
}

export async function measurePairFault(
  strategy: StrategyName,
  fault: PairFault,
  lab: HostLab,
  note: (line: string) => void,
): Promise<PairFaultRun> {
  const runId = `${fault}-${strategy}-${Date.now().toString(36)}`;
  // make hands the run's settings on (TOPOLOGY=, DB=, IMAGES=) through MAKEFLAGS in our environment.
  const { make, chaosUntil } = labDriver({ composeProject: lab.composeProject, env: process.env });
  await make(`up STRATEGY=${strategy}`);
  const reads = startReaders(lab.appUrl, { clients: 2, paths: ['/person/first'], timeoutMs: 10_000 });
  const writers = startKeyedWriters(lab.appUrl, { clients: 2, timeoutMs: 10_000, surnames: `drill-${runId}` });
  const acked = () => writers.keys.filter((use) => use.ids.length > 0).map((use) => use.surname);
  let movedAt = 0;
  try {
    // Connections in use and held (a pool's) before the fault: what the fault is about.
    const ready = `${fault} with ${strategy}: 3 acknowledged writes before the fault`;
    await waitFor(ready, () => acked().length >= 3, { timeoutMs: 30_000, intervalMs: 250 });
    // One round: the next would come after 10 minutes.
    const log = await chaosUntil(fault, 600, ROUND_DONE[fault], ROUND_DEADLINE_MS);
    movedAt = chaosLineTime(chaosLine(log, / endpoint moved to /)[0]);
    const writesBack = () => writeUnavailableSeconds(writers.outcomes, movedAt) !== null;
    const recovery = { timeoutMs: RECOVERY_WINDOW_MS, intervalMs: 250 };
    // naive never comes back: its row says so.
    await waitFor('a write acknowledged after the endpoint moved', writesBack, recovery).catch(() => undefined);
  } finally {
    // Keys still unacknowledged are left: naive would never acknowledge one again.
    await Promise.all([reads.stop(), writers.stop({ finishKeys: false })]);
  }
  const lost = await lostOnPrimary(lab, runId, acked());
  const failedReads = reads.outcomes.filter((r) => r.status !== 200).length;
  note(`${fault} with ${strategy}: ${acked().length} writes acknowledged, ${lost} lost, ${failedReads} reads failed`);
  return {
    strategy,
    fault,
    writeUnavailableSeconds: writeUnavailableSeconds(writers.outcomes, movedAt),
    reads: reads.outcomes.length,
    failedReads,
    ackedWrites: acked().length,
    lostWrites: lost,
  };
}
