import type { KeyUse } from '../../lib/load/keyedWriters';
import { startKeyedWriters } from '../../lib/load/keyedWriters';
import { countRowsBy } from '../support/people';
import { chaosLineTime } from '../../chaos/src';
import { lab } from '../support/labEnv';
import { startReaders } from '../../lib/load/readers';
import {
  chaosLine,
  chaosUntil,
  currentPrimary,
  make,
  replicaLab,
  serverConnection,
  startConnectionSampler,
  upReplicaLab,
} from '../support/replicaLab';

/**
 * TOPOLOGY=primary-replica, the project's one lab (test/support/replicaLab.ts): the servers'
 * own GTID replication behind the endpoint, a planned failover under keyed writes (every acknowledged
 * write is on the new primary, once), and a crashed primary with asynchronous replication (acknowledged
 * writes lost, counted) and with semi-synchronous replication (none lost).
 */
jest.setTimeout(900_000);

let upOutput = '';
beforeAll(async () => {
  upOutput = await upReplicaLab();
});

/** Every acknowledged key's person and key row on `server`, counted. */
async function rowsOn(server: string, keys: readonly KeyUse[]) {
  const conn = await serverConnection(server);
  try {
    const acked = keys.filter((use) => use.ids.length > 0);
    const people = await countRowsBy(
      conn,
      ['person', 'surname'],
      acked.map((use) => use.surname),
    );
    const keyRows = await countRowsBy(
      conn,
      ['idempotency_key', 'idem_key'],
      acked.map((use) => use.key),
    );
    return acked.map((use) => ({ use, people: people.get(use.surname) ?? 0, keys: keyRows.get(use.key) ?? 0 }));
  } finally {
    await conn.end();
  }
}

/** Runs `chaos` under four keyed writers through the app (each retries its key until a 201), then stops them. */
async function underKeyedWrites(chaos: () => Promise<string>) {
  const writers = startKeyedWriters(replicaLab.appUrl, { clients: 4, pauseMs: 10 });
  try {
    const log = await chaos();
    return { log, ...(await writers.stop()) };
  } catch (err) {
    await writers.stop();
    throw err;
  }
}

/** A primary-crash round under keyed writes; the acknowledged writes the new primary lacks. */
async function crashUnderWrites() {
  const { log, keys } = await underKeyedWrites(() =>
    chaosUntil('primary-crash', 600, /primary-crash: .*(nothing lost|lost with|none of them acknowledged)/, 400_000),
  );
  const primary = await currentPrimary();
  const rows = await rowsOn(primary, keys);
  const lost = rows.filter((row) => row.people === 0).length;
  const reported = /(\d+) transaction\(s\)/.exec(
    log
      .split('\n')
      .filter((line) => /lost-writes|never re/.test(line))
      .pop() ?? '',
  );
  return {
    log,
    acked: rows.length,
    lost,
    duplicated: rows.filter((row) => row.people > 1).length,
    reported: Number(reported?.[1] ?? 0),
  };
}

test('make up starts two servers, names the primary and its replica, and says how far behind it is', () => {
  expect(upOutput).toMatch(
    /(db2?) is the primary \(writable, behind the endpoint\); (db2?) replicates from it \(read-only, asynchronous, \d+s behind\)/,
  );
});

test('a planned failover, back and forth under keyed writes: every acknowledged write is on the new primary, once', async () => {
  const { log, keys, outcomes } = await underKeyedWrites(() => chaosUntil('failover', 2, /switchover 2 in/, 120_000));
  expect(log).toMatch(/failover: (db2?) read-only: writes there now fail with 1290 \(\d+ ms\)/);
  expect(log).toMatch(/endpoint moved to (db2?)/);
  const primary = await currentPrimary();
  const rows = await rowsOn(primary, keys);
  expect(rows.length).toBeGreaterThan(10);
  expect(rows.filter((row) => row.people !== 1 || row.keys !== 1)).toEqual([]);
  console.log(
    `failover: ${rows.length} acknowledged writes, all on ${primary} once; ${outcomes.filter((o) => o.status !== 201).length} refused or failed and sent again`,
  );
});

/** After the endpoint moved: how long until no read failed, a write was answered 201, and the app held nothing on the demoted server. */
describe.each(['per-request', 'pool'])(
  'one planned failover with STRATEGY=%s under reads and keyed writes',
  (strategy) => {
    test('no read fails, writes come back within seconds, and the app leaves the demoted server within 2 s', async () => {
      await make(`up STRATEGY=${strategy}`);
      const readers = startReaders(replicaLab.appUrl, {
        clients: 4,
        paths: ['/person/first', '/person/all'],
        pauseMs: 10,
      });
      const sampler = startConnectionSampler(lab.appUser);
      let samples: Awaited<ReturnType<typeof sampler.stop>> = [];
      let reads: Awaited<ReturnType<typeof readers.stop>> = [];
      const { log, outcomes } = await underKeyedWrites(async () => {
        try {
          return await chaosUntil('failover', 600, /switchover 1 in/, 120_000);
        } finally {
          // The last 3 s after the switchover: long enough to see the app leave the demoted server.
          await new Promise((resolve) => setTimeout(resolve, 3000));
          reads = await readers.stop();
          samples = await sampler.stop();
        }
      });
      const moved = chaosLine(log, /failover: endpoint moved to (db2?): .* open ones stay on (db2?) /);
      const movedAt = chaosLineTime(moved[0]);
      const demoted = moved[2];
      const failedReads = reads.filter((read) => read.status !== 200);
      const writesBack = outcomes.find((write) => write.status === 201 && write.startedAt >= movedAt);
      const stillHeld = samples.filter((sample) => sample.at > movedAt + 2000 && sample.counts[demoted] > 0);
      console.log(
        `failover with ${strategy}: ${reads.length} reads, ${failedReads.length} failed; first write answered ` +
          `${writesBack ? writesBack.startedAt + writesBack.ms - movedAt : '(none)'} ms after the endpoint moved; ` +
          `${outcomes.filter((write) => write.status !== 201).length} writes refused and sent again; ` +
          `connections on ${demoted} after the move: ${samples
            .filter((s) => s.at > movedAt)
            .map((s) => s.counts[demoted])
            .join(' ')}`,
      );
      expect(failedReads).toEqual([]);
      expect(writesBack).toBeDefined();
      expect(writesBack!.startedAt + writesBack!.ms - movedAt).toBeLessThan(5000);
      expect(samples.filter((sample) => sample.at > movedAt + 2000).length).toBeGreaterThan(0);
      expect(stillHeld).toEqual([]);
    });
  },
);

test('a crashed primary with asynchronous replication: the acknowledged writes the replica never got are lost, and counted', async () => {
  const { log, acked, lost, duplicated, reported } = await crashUnderWrites();
  console.log(
    `primary-crash (async): ${acked} acknowledged writes, ${lost} lost; the chaos counted ${reported} transaction(s) the new primary never received`,
  );
  expect(log).toMatch(/killed the primary (db2?) — crash 1/);
  expect(duplicated).toBe(0);
  expect(lost).toBeGreaterThan(0);
  expect(lost).toBeLessThanOrEqual(reported);
});
