import { readGlobalNumber } from '../../lib/db/serverVariables';
import { ROOM_FOR_A_BUSY_MACHINE, startAppProcess } from '../support/appProcess';
import { startChaosProcess, type ChaosProcess } from '../support/chaosProcess';
import { BASELINE, POOL_SIZE, chaosScene } from '../support/chaosScene';
import { appConnections, appUserConnection, waitForConnectionsAtMost } from '../support/dbAdmin';
import { get } from '../support/http';
import { startReaders } from '../../lib/load/readers';
import { tally, type Outcome } from '../../lib/load/load';
import { waitFor } from '../../lib/waitFor';

/**
 * The chaos modes that change the server's settings, run for real: short-wait-timeout (the server
 * itself closes connections that sit idle, the tutorial's "or it times out") and max-connections
 * (the server refuses new connections). Each setting is back to what it was once the chaos stops.
 */
const WAIT_TIMEOUT_S = 2;
// Its admin connection opens before any chaos: it keeps the server's usual wait_timeout, and a slot.
const scene = chaosScene();

/** The app's connections, leaving out those that were open before it started. */
const connectionsOf = async (others: readonly number[]) =>
  (await appConnections(scene.admin)).filter((c) => !others.includes(c.id));
const appConnectionIds = async () => (await appConnections(scene.admin)).map((c) => c.id);

/**
 * The mode's effect on the server, whatever the app does: a session the app user opens now takes the
 * lowered wait_timeout, and once left idle past it the server closes it (it leaves the process list).
 * Resolves once it is gone; fails if it is still there well after the timeout.
 */
async function idleSessionClosedByServer(): Promise<void> {
  const idle = await appUserConnection();
  try {
    const id = Number(idle.threadId);
    const [{ timeout }] = await idle.query<{ timeout: number }[]>('SELECT @@SESSION.wait_timeout AS timeout');
    expect(Number(timeout)).toBe(WAIT_TIMEOUT_S);
    const listed = async () => (await appConnections(scene.admin)).some((c) => c.id === id);
    expect(await listed()).toBe(true);
    await waitFor(`the server to close connection ${id}, idle past wait_timeout`, async () => !(await listed()), {
      timeoutMs: (WAIT_TIMEOUT_S + 10) * 1000,
      intervalMs: 200,
    });
  } finally {
    idle.destroy();
  }
}

/** Asks for each of `paths` `times` times at once; every answer with its status and error. */
async function burst(url: string, paths: readonly string[], times = 4) {
  const load = startReaders(url, { clients: paths.length * times, paths });
  await waitFor('one answer per client', () => load.outcomes.length >= paths.length * times);
  return load.stop();
}

describe('short-wait-timeout: the server closes connections idle for 2 s', () => {
  let usual: number;
  beforeEach(async () => {
    usual = await readGlobalNumber(scene.admin, 'wait_timeout');
    const chaos = (scene.chaos = startChaosProcess('short-wait-timeout', {
      CHAOS_WAIT_TIMEOUT: String(WAIT_TIMEOUT_S),
      CHAOS_INTERVAL: '0.5',
    }));
    await chaos.waitForLine(new RegExp(`wait_timeout ${usual}s → ${WAIT_TIMEOUT_S}s`));
  });

  async function stopAndCheckRestored(chaos: ChaosProcess) {
    expect(await chaos.stop()).toEqual({
      code: 0,
      summary: expect.stringMatching(/mode short-wait-timeout, .* wait_timeout set to 2s once/),
    });
    expect(chaos.output.some((line) => line.includes(`global wait_timeout restored to ${usual}s`))).toBe(true);
    expect(await readGlobalNumber(scene.admin, 'wait_timeout')).toBe(usual);
  }

  it.each(['per-request', 'pool'] as const)(
    '%s: requests after the server timed out its idle connections all succeed',
    async (strategy) => {
      const others = await appConnectionIds();
      const app = (scene.app = await startAppProcess({
        STRATEGY: strategy,
        POOL_SIZE: String(POOL_SIZE),
        ...ROOM_FOR_A_BUSY_MACHINE,
      }));
      const paths = ['/person/first', '/person/all'];
      // The chaos did lower the server's timeout: an idle session of the app user is closed. (Per-request
      // holds no idle connection of its own, so without this the test would pass with no chaos at all.)
      const closed = idleSessionClosedByServer();
      closed.catch(() => {}); // awaited below: a failure meanwhile is not an unhandled rejection
      for (let round = 0; round < 2; round++) {
        expect(tally((await burst(app.url, paths)).filter((o) => o.status !== 200))).toEqual({});
        // The pool still holds its idle connections when the server closes them: the ping before reuse
        // (or the one retry) must notice. Per-request keeps none, so there is nothing to time out.
        await waitForConnectionsAtMost(scene.admin, others, 0, (WAIT_TIMEOUT_S + 10) * 1000);
      }
      await closed;
      expect(tally((await burst(app.url, paths)).filter((o) => o.status !== 200))).toEqual({});
      await stopAndCheckRestored(scene.chaos!);
      await waitForConnectionsAtMost(scene.admin, others, BASELINE[strategy]);
    },
  );

  it('naive: its one connection times out, and from then on every request fails while the process lives on', async () => {
    const others = await appConnectionIds();
    const app = (scene.app = await startAppProcess({ STRATEGY: 'naive' })); // its connection is opened under the 2 s wait_timeout
    expect((await get(`${app.url}/person/first`)).status).toBe(200);
    await waitForConnectionsAtMost(scene.admin, others, 0, (WAIT_TIMEOUT_S + 10) * 1000);
    const outcomes = await burst(app.url, ['/person/first']);
    expect(tally(outcomes)).toEqual({ '/person/first → 503 connection-lost': outcomes.length });
    expect((await get(`${app.url}/livez`)).status).toBe(200);
    await stopAndCheckRestored(scene.chaos!);
    expect((await get(`${app.url}/person/first`)).status).toBe(503); // restoring the setting does not heal naive
    expect(app.child.exitCode).toBeNull();
  });
});

describe('max-connections: the server refuses new connections', () => {
  let usual: number;
  beforeEach(async () => {
    usual = await readGlobalNumber(scene.admin, 'max_connections');
  });

  async function fillServer(): Promise<ChaosProcess> {
    const chaos = (scene.chaos = startChaosProcess('max-connections', { CHAOS_INTERVAL: '0.5' }));
    await chaos.waitForLine(/the server is full/);
    return chaos;
  }

  async function stopAndCheckRestored(chaos: ChaosProcess) {
    expect(await chaos.stop()).toEqual({
      code: 0,
      summary: expect.stringMatching(/mode max-connections, .* connections held/),
    });
    expect(await readGlobalNumber(scene.admin, 'max_connections')).toBe(usual);
  }

  it('per-request: a fast 503 too-many-connections while the server is full, 200 again once it has room', async () => {
    const others = await appConnectionIds();
    const app = (scene.app = await startAppProcess({ STRATEGY: 'per-request', ...ROOM_FOR_A_BUSY_MACHINE }));
    expect((await get(`${app.url}/person/first`)).status).toBe(200);
    await fillServer();

    // A session that was open when the chaos filled the server (the database's healthcheck logs in as the
    // app user every 4 s) frees its slot when it ends, until the chaos's next round takes it back: a
    // request that gets it is answered 200, rightly. So: bursts until one finds the server full throughout.
    const whileFull: Outcome[] = [];
    await waitFor(
      'a burst answered 503 too-many-connections throughout',
      async () => {
        const outcomes = await burst(app.url, ['/person/first', '/person/all']);
        whileFull.push(...outcomes);
        return outcomes.every((o) => o.status === 503);
      },
      { timeoutMs: 10_000 },
    );
    expect(
      Object.keys(tally(whileFull)).filter((answer) => !/ → (200|503 too-many-connections)$/.test(answer)),
    ).toEqual([]);
    expect(whileFull.filter((o) => o.status === 503 && o.ms >= 1000)).toEqual([]);
    expect((await get(`${app.url}/livez`)).status).toBe(200);

    await stopAndCheckRestored(scene.chaos!);
    expect(tally((await burst(app.url, ['/person/first', '/person/all'])).filter((o) => o.status !== 200))).toEqual({});
    await waitForConnectionsAtMost(scene.admin, others, 0);
  });

  it('pool: the connections it already holds go on serving, not one request fails', async () => {
    const others = await appConnectionIds();
    const app = (scene.app = await startAppProcess({
      STRATEGY: 'pool',
      POOL_SIZE: String(POOL_SIZE),
      ...ROOM_FOR_A_BUSY_MACHINE,
    }));
    const load = startReaders(app.url, { clients: 2 * POOL_SIZE, paths: ['/person/first', '/person/all'] });
    await waitFor(
      `the pool to open its ${POOL_SIZE} connections`,
      async () => (await connectionsOf(others)).length === POOL_SIZE,
    );
    const fullFrom = load.outcomes.length;
    await fillServer();
    // The server is full indeed: a new login of the app user is refused (1040 ER_CON_COUNT_ERROR).
    await expect(appUserConnection()).rejects.toMatchObject({ errno: 1040 });
    await waitFor('200 more answers while the server is full', () => load.outcomes.length >= fullFrom + 200);
    await stopAndCheckRestored(scene.chaos!);
    const outcomes = await load.stop();

    expect(tally(outcomes.filter((o) => o.status !== 200))).toEqual({});
    await waitForConnectionsAtMost(scene.admin, others, POOL_SIZE);
  });
});
