import type { Connection } from 'mariadb';
import { ROOM_FOR_A_BUSY_MACHINE, startAppProcess, type AppProcess } from '../support/appProcess';
import { startChaosProcess, type ChaosProcess } from '../support/chaosProcess';
import { BASELINE, POOL_SIZE } from '../support/chaosScene';
import { appConnections, chaosConnection } from '../support/dbAdmin';
import { ensureDatabaseAnswers } from '../support/dbContainer';
import { get } from '../support/http';
import { lab } from '../support/labEnv';
import { startReaders } from '../../lib/load/readers';
import { tally, type Outcome } from '../../lib/load/load';
import { waitFor } from '../../lib/waitFor';

/**
 * The chaos program's db-down and restart-db, for real: the lab's db container is stopped (or
 * restarted) while clients keep asking. The app must answer a fast 503 meanwhile, never hang,
 * and succeed again by itself as soon as the database answers.
 */
const DB_PATHS = ['/person/first', '/person/all'];

const STRATEGIES = ['per-request', 'pool'] as const;
/** The apps get room for a busy machine: a login slowed by load must not pass for the outage, nor fail after it. */
const ANSWER_WITHIN_MS =
  Math.max(
    Number(ROOM_FOR_A_BUSY_MACHINE.DB_CONNECT_TIMEOUT_MS),
    Number(ROOM_FOR_A_BUSY_MACHINE.POOL_ACQUIRE_TIMEOUT_MS),
  ) + 1000;

let apps: AppProcess[] = [];
let chaos: ChaosProcess | undefined;
afterEach(async () => {
  await chaos?.stop(); // its undo starts a db container it stopped
  await Promise.all(apps.map((app) => app.stop()));
  chaos = undefined;
  apps = [];
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

// Both strategies through the same outage, each app with clients of its own: one database restart per
// mode instead of one per strategy and mode, which is most of this file's time.
describe(`${STRATEGIES.join(' and ')} when the database goes away`, () => {
  it.each(outages)(
    '%s: every request answers within the connect deadline and a second, 503 while down, and the first one after the database is back succeeds',
    async (mode, settings, summary) => {
      apps = await Promise.all(
        STRATEGIES.map((strategy) =>
          startAppProcess({
            STRATEGY: strategy,
            POOL_SIZE: String(POOL_SIZE),
            LOG_LEVEL: 'debug',
            ...ROOM_FOR_A_BUSY_MACHINE,
          }),
        ),
      );
      for (const app of apps) expect((await get(`${app.url}/person/first`)).status).toBe(200);
      const loads = apps.map((app) =>
        startReaders(app.url, { clients: 9, paths: [...DB_PATHS, '/livez'], pauseMs: 20 }),
      );
      // One round only: the interval is longer than the test.
      chaos = startChaosProcess(mode, { CHAOS_INTERVAL: '600', ...settings });
      // Thread ids start again with the server, and ids from before it went down come back on other
      // sessions (the lab's own app): only those opened once it was down can be the apps' afterwards.
      await chaos.waitForLine(/(stopped|restarted) container/, 120_000);
      const openedBefore = apps.map((app) => app.openedThreadIds().length);
      // A condition, so its deadline costs nothing when the server is quick: two busy cores can take 40 s and
      // more to start MySQL again.
      await chaos.waitForLine(/answers again/, 120_000);
      const backAt = Date.now();
      const startedAfter = (outcomes: Outcome[]) =>
        outcomes.filter((o) => o.startedAt >= backAt && DB_PATHS.includes(o.path));
      await waitFor('20 answers from each app after the database is back', () =>
        loads.every((load) => startedAfter(load.outcomes).length >= 20),
      );
      const outcomesOf = await Promise.all(loads.map((load) => load.stop()));
      expect(await chaos.stop()).toEqual({ code: 0, summary: expect.stringMatching(summary) });

      STRATEGIES.forEach((strategy, i) => {
        const outcomes = outcomesOf[i];
        const db = outcomes.filter((o) => DB_PATHS.includes(o.path));
        const failed = (o: Outcome) => o.status !== 200;
        const seen = {
          strategy,
          livezFailed: tally(outcomes.filter((o) => o.path === '/livez' && failed(o))),
          outageSeen: db.some(failed),
          otherFailures: tally(
            db.filter(
              (o) => failed(o) && !(o.status === 503 && ['server-unreachable', 'connection-lost'].includes(o.error!)),
            ),
          ),
          // Never a hang (the connector's own wait is 10 s): within the app's connect deadline (DB_CONNECT_TIMEOUT_MS,
          // the longer of it and the pool's wait) and a stated 1 s margin for a busy machine.
          slow: db.filter((o) => o.ms >= ANSWER_WITHIN_MS).map((o) => `${o.path} → ${o.status} in ${o.ms} ms`),
          failedAfter: tally(startedAfter(outcomes).filter(failed)),
        };
        expect(seen).toEqual({
          strategy,
          livezFailed: {},
          outageSeen: true,
          otherFailures: {},
          slow: [],
          failedAfter: {},
        });
      });

      // Each app back to its baseline, counted by the connections it opened itself.
      await asAdmin((admin) =>
        waitFor(
          'each app back to its baseline of connections',
          async () => {
            const alive = new Set((await appConnections(admin)).map((c) => c.id));
            return apps.every(
              (app, i) =>
                app
                  .openedThreadIds()
                  .slice(openedBefore[i])
                  .filter((id) => alive.has(id)).length <= BASELINE[STRATEGIES[i]],
            );
          },
          { timeoutMs: 15_000, intervalMs: 200 },
        ),
      );
    },
    240_000,
  );
});
