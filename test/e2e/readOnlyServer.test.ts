import type { Connection } from 'mariadb';
import { classifyDbError } from '../../lib/db/errors';
import recorded from '../../lib/db/fixtures/driver-errors.json';
import { serverInfo } from '../../lib/db/serverInfo';
import { ROOM_FOR_A_BUSY_MACHINE, startAppProcess, type AppProcess } from '../support/appProcess';
import { appConnections, appUserConnection, chaosConnection, keyedRows, rootConnection } from '../support/dbAdmin';
import { postJson } from '../support/http';
import { startKeyedWriters, uniqueSurname } from '../../lib/load/keyedWriters';
import { startReaders } from '../../lib/load/readers';
import { tally, type Outcome } from '../../lib/load/load';
import { waitFor } from '../../lib/waitFor';

/**
 * A demoted primary, on the single-server lab: the server turns read-only under the app's open
 * connections, as a primary does when a failover or a switchover demotes it (MySQL's super_read_only,
 * MariaDB's read_only: the app user has no privilege past it). Every write fails with 1290; reads
 * still work. The app answers 503 read-only, drops the connections opened before, and once the
 * server takes writes again they succeed at once, every acknowledged keyed write stored exactly once.
 */
const READERS = 8;
// Few writes: each refused one destroys its connection, so many writers would drop the pool's old
// connections by themselves, and the test would not see whether the app drops the others.
const WRITERS = 2;
const WRITER_PAUSE_MS = 1000;
const DROPPED_WITHIN_MS = 2000;

let root: Connection;
let admin: Connection;
let rows: Connection;
let app: AppProcess | undefined;
let mariadbServer = false;

const setReadOnly = async (on: boolean) => {
  // super_read_only=OFF leaves read_only ON on MySQL: both are turned off.
  if (on) await root.query(mariadbServer ? 'SET GLOBAL read_only = ON' : 'SET GLOBAL super_read_only = ON');
  else {
    if (!mariadbServer) await root.query('SET GLOBAL super_read_only = OFF');
    await root.query('SET GLOBAL read_only = OFF');
  }
};

beforeAll(async () => {
  root = await rootConnection();
  admin = await chaosConnection();
  rows = await appUserConnection();
  mariadbServer = serverInfo(root.serverVersion()).flavor === 'MariaDB';
});
afterEach(async () => {
  await setReadOnly(false); // the lab is left writable, whatever happened
  await app?.stop();
  app = undefined;
});
afterAll(async () => {
  await Promise.all([root?.end(), admin?.end(), rows?.end()]);
});

describe('a write on a read-only server', () => {
  it('fails with the error recorded from this server, which the taxonomy calls read-only', async () => {
    const sections = recorded as Record<string, Record<string, Record<string, unknown>>>;
    const flavor = mariadbServer ? 'MariaDB 11.8' : 'MySQL 9.7';
    const section = Object.entries(sections).find(([k]) => k.startsWith(`${flavor} (recorded`))?.[1];
    const want = section?.['write on a read-only server (a demoted primary)'];
    await setReadOnly(true);
    const err = await rows.query("INSERT INTO person (firstname, surname) VALUES ('Read', 'Only')").catch((e) => e);
    const { errno, sqlState, code, fatal } = err as Record<string, unknown>;
    expect({ errno, sqlState, code, fatal, expect: classifyDbError(err).kind }).toEqual(want);
    expect((await rows.query<{ n: number }[]>('SELECT COUNT(*) AS n FROM person'))[0].n).toBeGreaterThan(0);
  });
});

describe.each(['pool', 'per-request'])('%s: the server turns read-only under load, then writable again', (strategy) => {
  it('answers writes 503 read-only, keeps reads working, drops the old connections, and writes exactly once', async () => {
    app = await startAppProcess({ STRATEGY: strategy, ...ROOM_FOR_A_BUSY_MACHINE });
    const reads = startReaders(app.url, { clients: READERS, paths: ['/person/first', '/person/1'], pauseMs: 5 });
    const writers = startKeyedWriters(app.url, { clients: WRITERS, pauseMs: WRITER_PAUSE_MS });
    const writeOutcomes = () => writers.outcomes;
    let readOutcomes: Outcome[];
    let writes: Awaited<ReturnType<typeof writers.stop>>;
    try {
      await waitFor('the app to write under load', () => writeOutcomes().filter((o) => o.status === 201).length >= 4);
      const before = (await appConnections(admin)).map((c) => c.id).filter((id) => id !== rows.threadId);
      await setReadOnly(true);
      const readOnlyAt = Date.now();

      const firstRefusal = await waitFor('a write answered 503 read-only', () =>
        writeOutcomes().find((o) => o.status === 503 && o.error === 'read-only' && o.startedAt >= readOnlyAt),
      );
      const refusedAt = firstRefusal.startedAt + firstRefusal.ms;
      await waitFor(
        `the connections open before to be gone from the process list`,
        async () => {
          const open = (await appConnections(admin)).map((c) => c.id);
          return before.every((id) => !open.includes(id));
        },
        { timeoutMs: DROPPED_WITHIN_MS, intervalMs: 50 },
      );
      expect(Date.now() - refusedAt).toBeLessThan(DROPPED_WITHIN_MS);
      await waitFor('reads to go on while the server is read-only', () =>
        reads.outcomes.filter((o) => o.startedAt > refusedAt).length >= 50 ? true : undefined,
      );
      const refusal = await postJson(`${app.url}/person`, { firstname: 'Read', surname: 'Only' });
      expect(refusal.status).toBe(503);
      expect(refusal.json()).toMatchObject({
        error: 'read-only',
        detail: expect.stringMatching(/demoted or failed over/),
      });

      await setReadOnly(false);
      // The first write sent once the server takes writes again succeeds: nothing in the app waits it out.
      const back = await postJson(`${app.url}/person`, { firstname: 'Writable', surname: uniqueSurname('again') });
      expect(back.status).toBe(201);
    } finally {
      await setReadOnly(false); // the writers repeat each key until it is acknowledged
      readOutcomes = await reads.stop();
      writes = await writers.stop();
    }

    expect(tally(readOutcomes.filter((o) => o.status !== 200))).toEqual({});
    expect(tally(writes.outcomes.filter((o) => o.status !== 201 && o.error !== 'read-only'))).toEqual({});
    // Every key answered 201 one id, however often it was sent; one person and one key row each.
    const keys = writes.keys;
    expect(keys.filter((k) => new Set(k.ids).size !== 1)).toEqual([]);
    const stored = await keyedRows(rows, keys);
    expect(stored.filter((row) => row.people !== 1 || row.keys !== 1)).toEqual([]);
    expect(keys.some((k) => k.attempts > 1)).toBe(true); // some writes were refused and repeated
  });
});
