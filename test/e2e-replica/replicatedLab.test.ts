import type { KeyUse } from '../../lib/load/keyedWriters';
import { startKeyedWriters } from '../../lib/load/keyedWriters';
import { startReaders } from '../../lib/load/readers';
import { chaosLine, chaosLineTime, PRIMARY_CRASH_DONE, switchoverDone } from '../../chaos/src';
import { keyedRows } from '../support/dbAdmin';
import { lab } from '../support/labEnv';
import { waitFor } from '../../lib/waitFor';
import {
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

/** Every acknowledged key's person and key rows on `server`, counted. */
async function rowsOn(server: string, keys: readonly KeyUse[]) {
  const conn = await serverConnection(server);
  try {
    return await keyedRows(
      conn,
      keys.filter((use) => use.ids.length > 0),
    );
  } finally {
    await conn.end();
  }
}

/**
 * Runs `chaos` under four keyed writers through the app (each retries its key until a 201), then stops them.
 * The chaos may stop them sooner itself: stopping again returns the same keys.
 */
async function underKeyedWrites(chaos: (writers: ReturnType<typeof startKeyedWriters>) => Promise<string>) {
  const writers = startKeyedWriters(replicaLab.appUrl, { clients: 4, pauseMs: 10 });
  try {
    const log = await chaos(writers);
    return { log, ...(await writers.stop()) };
  } catch (err) {
    await writers.stop();
    throw err;
  }
}

/**
 * A primary-crash round under keyed writes; the acknowledged writes the new primary lacks. The writes at
 * risk are those acknowledged before the crash: the writers stop once the promoted server has acknowledged
 * one, and the rest of the round (the crashed server re-seeded from the whole history) runs without load.
 */
async function crashUnderWrites() {
  const { log, keys } = await underKeyedWrites((writers) =>
    chaosUntil('primary-crash', 600, PRIMARY_CRASH_DONE, 400_000, {
      line: /primary-crash: endpoint moved to/,
      async then(moved) {
        const movedAt = chaosLineTime(moved);
        await waitFor('a write acknowledged after the endpoint moved', () =>
          writers.outcomes.some((write) => write.status === 201 && write.startedAt >= movedAt),
        );
        await writers.stop();
      },
    }),
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
  const { log, keys, outcomes } = await underKeyedWrites(() => chaosUntil('failover', 2, switchoverDone(2), 120_000));
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

const MOVED = /failover: endpoint moved to (db2?): .* open ones stay on (db2?) /;
/** How long after the endpoint moved the app may still hold connections to the demoted server. */
const LEAVE_WITHIN_MS = 2000;

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
      let moved: RegExpMatchArray | undefined;
      const { outcomes } = await underKeyedWrites(async () => {
        try {
          const chaos = await chaosUntil('failover', 600, switchoverDone(1), 120_000);
          moved = chaosLine(chaos, MOVED);
          // Readers and writers go on until a sample comes from past the 2 s the app has to leave the demoted server.
          const after = chaosLineTime(moved[0]) + LEAVE_WITHIN_MS;
          await waitFor(`a connection sample from ${LEAVE_WITHIN_MS} ms after the endpoint moved`, () =>
            sampler.samples().some((sample) => sample.at > after),
          );
          return chaos;
        } finally {
          reads = await readers.stop();
          samples = await sampler.stop();
        }
      });
      const movedAt = chaosLineTime(moved![0]);
      const demoted = moved![2];
      const failedReads = reads.filter((read) => read.status !== 200);
      const writesBack = outcomes.find((write) => write.status === 201 && write.startedAt >= movedAt);
      const stillHeld = samples.filter((sample) => sample.at > movedAt + LEAVE_WITHIN_MS && sample.counts[demoted] > 0);
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

test('a crashed primary with semi-synchronous replication: no acknowledged write is lost', async () => {
  const output = await make('up TOPOLOGY=primary-replica REPLICATION=semi-sync');
  expect(output).toMatch(/replicates from it \(read-only, semi-synchronous,/);
  const { log, acked, lost, duplicated, reported } = await crashUnderWrites();
  console.log(
    `primary-crash (semi-sync): ${acked} acknowledged writes, ${lost} lost; ${reported} unacknowledged transaction(s) thrown away`,
  );
  expect(log).toMatch(/killed the primary (db2?) — crash 1/);
  expect(acked).toBeGreaterThan(10);
  expect(duplicated).toBe(0);
  expect(lost).toBe(0);
});
