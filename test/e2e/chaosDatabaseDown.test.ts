import type { Connection } from 'mariadb';
import { startAppProcess, type AppProcess } from '../support/appProcess';
import { startChaosProcess, type ChaosProcess } from '../support/chaosProcess';
import { BASELINE, POOL_SIZE } from '../support/chaosScene';
import { appConnections, chaosConnection, waitForConnectionsAtMost } from '../support/dbAdmin';
import { ensureDatabaseAnswers } from '../support/dbContainer';
import { get } from '../support/http';
import { lab } from '../support/labEnv';
import { startLoad, tally, type Outcome } from '../support/load';
import { waitFor } from '../support/waitFor';

/**
 * The chaos program's db-down and restart-db, for real: the lab's db container is stopped (or
 * restarted) while clients keep asking. The app must answer a fast 503 meanwhile, never hang,
 * and succeed again by itself as soon as the database answers.
 */
const DB_PATHS = ['/person/first', '/person/all'];

let app: AppProcess | undefined;
let chaos: ChaosProcess | undefined;
afterEach(async () => {
  await chaos?.stop(); // its undo starts a db container it stopped
  await app?.stop();
  chaos = app = undefined;
  await ensureDatabaseAnswers();
});
// The lab's own app container went through the outage too: the next test file needs it ready.
afterAll(() =>
  waitFor(`${lab.appUrl}/readyz`, async () => (await get(`${lab.appUrl}/readyz`, {}, 2000)).status === 200, {
    timeoutMs: 30_000,
  }),
);

/** A chaos-user connection of its own for each look: the outage kills any connection kept across it. */
async function asAdmin<T>(look: (admin: Connection) => Promise<T>): Promise<T> {
  const admin = await chaosConnection();
  try {
    return await look(admin);
  } finally {
    await admin.end();
  }
}

const outages = [
  ['db-down', { CHAOS_DOWN_SECONDS: '3' }, /mode db-down, 1 round, 1 outage caused/],
  ['restart-db', {}, /mode restart-db, 1 round, 1 restart done/],
] as const;

describe.each(['per-request', 'pool'] as const)('%s when the database goes away', (strategy) => {
  it.each(outages)(
    '%s: every request answers within the connect deadline and a second, 503 while down, and the first one after the database is back succeeds',
    async (mode, settings, summary) => {
      const others = await asAdmin(async (admin) => (await appConnections(admin)).map((c) => c.id));
      app = await startAppProcess({ STRATEGY: strategy, POOL_SIZE: String(POOL_SIZE) });
      expect((await get(`${app.url}/person/first`)).status).toBe(200);
      const load = startLoad(app.url, { workers: 9, paths: [...DB_PATHS, '/livez'], pauseMs: 20 });
      // One round only: the interval is longer than the test.
      chaos = startChaosProcess(mode, { CHAOS_INTERVAL: '600', ...settings });
      // A condition, so its deadline costs nothing when the server is quick: two busy cores can take 40 s and
      // more to start MySQL again.
      await chaos.waitForLine(/answers again/, 120_000);
      const backAt = Date.now();
      const startedAfter = () => load.outcomes.filter((o) => o.startedAt >= backAt && DB_PATHS.includes(o.path));
      await waitFor('20 answers after the database is back', () => startedAfter().length >= 20);
      const outcomes = await load.stop();
      expect(await chaos.stop()).toEqual({ code: 0, summary: expect.stringMatching(summary) });

      const db = outcomes.filter((o) => DB_PATHS.includes(o.path));
      const failed = (o: Outcome) => o.status !== 200;
      expect(tally(outcomes.filter((o) => o.path === '/livez' && failed(o)))).toEqual({});
      expect(db.filter(failed).length).toBeGreaterThan(0); // the outage was seen
      expect(
        tally(
          db.filter(
            (o) => failed(o) && !(o.status === 503 && ['server-unreachable', 'connection-lost'].includes(o.error!)),
          ),
        ),
      ).toEqual({});
      // Never a hang (the connector's own wait is 10 s): within the app's connect deadline (DB_CONNECT_TIMEOUT_MS,
      // 500 ms by default) and a stated 1 s margin for a busy machine, where even a success can take a second.
      expect(db.filter((o) => o.ms >= 500 + 1000).map((o) => `${o.path} → ${o.status} in ${o.ms} ms`)).toEqual([]);
      expect(tally(startedAfter().filter(failed))).toEqual({});

      await asAdmin((admin) => waitForConnectionsAtMost(admin, others, BASELINE[strategy]));
    },
    240_000,
  );
});
