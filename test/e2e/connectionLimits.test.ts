import type { Connection } from 'mariadb';
import { ROOM_FOR_A_BUSY_MACHINE, startAppProcess, type AppProcess } from '../support/appProcess';
import { appConnections, chaosConnection } from '../support/dbAdmin';
import { ORDINARY_WAIT_MS, waitingPersonPath } from '../../lib/settings/queryWaits';
import { get } from '../support/http';
import { startReaders } from '../../lib/load/readers';
import { tally } from '../../lib/load/load';
import { waitFor } from '../../lib/waitFor';

/**
 * The app's own limits on connections: a demo cannot take them all by accident, the pool can be
 * exhausted on purpose (and says so), and per-request never opens more than DB_MAX_CONNECTIONS.
 */
let admin: Connection;
let app: AppProcess | undefined;
beforeAll(async () => {
  admin = await chaosConnection();
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
});
afterAll(() => admin.end());

const hold = (url: string, query: string) =>
  fetch(`${url}/lab/hold-connections?${query}`, { method: 'POST', signal: AbortSignal.timeout(15_000) }).then(
    async (res) => ({ status: res.status, json: (await res.json()) as { detail?: string } & Record<string, unknown> }),
  );

describe('slow demos cannot lock everyone out', () => {
  it('pool of 8: 8 clients looping on /lab/slow-person, and /person/first still answers 200 at once', async () => {
    app = await startAppProcess({ STRATEGY: 'pool', POOL_SIZE: '8', ...ROOM_FOR_A_BUSY_MACHINE });
    const slow = startReaders(app.url, {
      clients: 8,
      paths: ['/lab/slow-person?ms=2000'],
      timeoutMs: 10_000,
      pauseMs: 50,
    });
    await waitFor('slow demos to run', () => slow.outcomes.length > 0 || undefined, { timeoutMs: 10_000 });
    const probes = startReaders(app.url, { clients: 2, paths: ['/person/first'], timeoutMs: 5000, pauseMs: 100 });
    await waitFor('30 probes', () => probes.outcomes.length >= 30, { timeoutMs: 20_000 });
    const probed = await probes.stop();
    const demos = await slow.stop();

    // Not one waited past the pool's wait (a 503 pool-exhausted), nor behind a demo: that would take its 2 s.
    expect(tally(probed.filter((o) => o.status !== 200))).toEqual({});
    expect(Math.max(...probed.map((o) => o.ms))).toBeLessThan(2000);
    // At most half of the pool runs slow demos; the rest are refused at once with a clear answer.
    expect(tally(demos)).toEqual({
      '/lab/slow-person?ms=2000 → 200': expect.any(Number),
      '/lab/slow-person?ms=2000 → 429 too-many-requests': expect.any(Number),
    });
    expect(Math.max(...demos.filter((o) => o.status === 429).map((o) => o.ms))).toBeLessThan(1000);
  });

  it(`a statement of ${ORDINARY_WAIT_MS} ms or less is an ordinary query, not a slow demo: 8 at once on a pool of 2 all answer 200`, async () => {
    // A pool of 2 runs one slow demo at a time; the drill's "queries that wait" load must not meet that gate.
    app = await startAppProcess({ STRATEGY: 'pool', POOL_SIZE: '2', ...ROOM_FOR_A_BUSY_MACHINE });
    const path = waitingPersonPath(ORDINARY_WAIT_MS);
    const load = startReaders(app.url, { clients: 8, paths: [path] });
    await waitFor('80 answers', () => load.outcomes.length >= 80, { timeoutMs: 20_000 });
    expect(tally(await load.stop())).toEqual({ [`${path} → 200`]: expect.any(Number) });
  });
});

describe('exhausting the pool on purpose: POST /lab/hold-connections', () => {
  it('while it holds every pooled connection, /person/first answers a fast 503 pool-exhausted; then 200 again', async () => {
    app = await startAppProcess({ STRATEGY: 'pool', POOL_SIZE: '4' });
    const { url } = app;
    const holding = hold(url, 'ms=3000');
    const refused = await waitFor(
      'a request to find the pool exhausted',
      async () => {
        const res = await get(`${url}/person/first`);
        return res.status === 503 ? res : undefined;
      },
      { timeoutMs: 5000, intervalMs: 50 },
    );
    const started = Date.now();
    const again = await get(`${url}/person/first`);
    expect(Date.now() - started).toBeLessThan(1000); // the pool's wait, 300 ms, not the hold
    for (const res of [refused, again]) {
      expect(res.status).toBe(503);
      expect(res.json()).toEqual({
        error: 'pool-exhausted',
        detail: expect.stringMatching(/database is fine.*All 4 connections of the pool \(POOL_SIZE\) are busy/),
      });
    }
    expect(await holding).toEqual({ status: 200, json: { strategy: 'pool', held: 4, ms: 3000 } });
    expect((await get(`${url}/person/first`)).status).toBe(200);
  });

  it('one hold at a time, and a bounded one', async () => {
    app = await startAppProcess({ STRATEGY: 'pool', POOL_SIZE: '4', ...ROOM_FOR_A_BUSY_MACHINE });
    // Held for 3 s: long enough to be seen in /metrics and refused twice, even on a busy machine.
    const first = hold(app.url, 'n=1&ms=3000');
    await waitFor(
      'the first hold to start',
      async () =>
        (await get(`${app!.url}/metrics`)).text.includes('db_pool_connections{state="active"} 1') || undefined,
    );
    expect(await hold(app.url, 'n=1&ms=100')).toEqual({
      status: 429,
      json: { error: 'too-many-requests', detail: expect.stringMatching(/One hold at a time/) },
    });
    expect((await hold(app.url, 'ms=60000')).status).toBe(400);
    expect((await hold(app.url, 'n=5')).json.detail).toMatch(/n must be a whole number from 1 to 4/);
    expect((await first).status).toBe(200);
  });
});

describe('per-request: at most DB_MAX_CONNECTIONS connections at once', () => {
  it('40 clients against DB_MAX_CONNECTIONS=5: never more than 5 open; a client waits its turn, or gets a fast 503 pool-exhausted', async () => {
    const others = (await appConnections(admin)).map((c) => c.id);
    // A connect gets 1.5 s here and a wait for a slot 1 s, not the defaults (500 ms, 300 ms): 40 clients on
    // two busy cores can slow MySQL's login and every turn past them, and this test is about the app's
    // limit, not about a slow server (server-unreachable) or a slow machine.
    app = await startAppProcess({
      STRATEGY: 'per-request',
      DB_MAX_CONNECTIONS: '5',
      ...ROOM_FOR_A_BUSY_MACHINE,
      LOG_LEVEL: 'debug',
    });
    const load = startReaders(app.url, { clients: 40, paths: ['/person/first'] });
    let seenByServer = 0;
    const started = Date.now();
    // The server's process list, read for 3 s and until more than 100 answers came (fewer in 3 s on a busy machine).
    while (Date.now() - started < 3000 || (load.outcomes.length <= 100 && Date.now() - started < 60_000)) {
      seenByServer = Math.max(seenByServer, (await appConnections(admin)).filter((c) => !others.includes(c.id)).length);
    }
    const outcomes = await load.stop();
    expect(outcomes.length).toBeGreaterThan(100);
    // Most wait their turn; the rest are told within the bound below which limit they met. The server never
    // refuses (too-many-connections), and no request hangs (a timeout would be status 0).
    const answers = tally(outcomes);
    expect(outcomes.filter((o) => o.status === 200).length).toBeGreaterThan(outcomes.length / 2);
    expect(Object.keys(answers).filter((answer) => !/ → (200|503 pool-exhausted)$/.test(answer))).toEqual([]);
    // At most a wait for a slot, a connect, and a stated 1 s for the query and the HTTP around it.
    const { POOL_ACQUIRE_TIMEOUT_MS, DB_CONNECT_TIMEOUT_MS } = ROOM_FOR_A_BUSY_MACHINE;
    expect(Math.max(...outcomes.map((o) => o.ms))).toBeLessThan(
      Number(POOL_ACQUIRE_TIMEOUT_MS) + Number(DB_CONNECT_TIMEOUT_MS) + 1000,
    );
    // What the app had open at once, from its own log, in order.
    let open = 0;
    let most = 0;
    for (const line of app.output) {
      if (line.includes('"db connection opened"')) most = Math.max(most, ++open);
      else if (/"db connection (closed|destroyed)"/.test(line)) open--;
    }
    // Never more than the limit. A slot is taken when the connect starts and "opened" is logged when it
    // ends, so one connect still under way while another closes can keep the logged count at 4.
    expect(most).toBeLessThanOrEqual(5);
    expect(most).toBeGreaterThanOrEqual(4);
    // The server drops a thread a moment after its COM_QUIT, so it may still list a few that are closing.
    expect(seenByServer).toBeLessThan(10);
  });

  it('when all of them are held, the next request answers a fast 503 pool-exhausted naming DB_MAX_CONNECTIONS', async () => {
    // A busy machine's connects get room (a hold whose connect timed out would hold nothing); held 3 s,
    // as the pool's hold above, to be seen even there.
    app = await startAppProcess({ STRATEGY: 'per-request', DB_MAX_CONNECTIONS: '3', ...ROOM_FOR_A_BUSY_MACHINE });
    const holding = hold(app.url, 'ms=3000');
    const refused = await waitFor(
      'a request to find the limit reached',
      async () => {
        const res = await get(`${app!.url}/person/first`);
        return res.status === 503 ? res : undefined;
      },
      { timeoutMs: 5000, intervalMs: 50 },
    );
    expect(refused.json()).toEqual({
      error: 'pool-exhausted',
      detail: expect.stringMatching(/All 3 connections it may open \(DB_MAX_CONNECTIONS\) are busy/),
    });
    expect((await holding).json).toEqual({ strategy: 'per-request', held: 3, ms: 3000 });
  });
});
