import { DB_FAILURE_KINDS } from '../../lib/db/errors';
import { startAppProcess } from '../support/appProcess';
import { startChaosProcess } from '../support/chaosProcess';
import { BASELINE, POOL_SIZE, chaosScene } from '../support/chaosScene';
import { appConnections, appUserConnection, waitForConnectionsAtMost } from '../support/dbAdmin';
import { ensureDatabaseAnswers } from '../support/dbContainer';
import { DockerEngine, composeServiceLabels } from '../../lib/docker/dockerEngine';
import { get, postJson } from '../support/http';
import { lab } from '../support/labEnv';
import { startKeyedWriters } from '../../lib/load/keyedWriters';
import { countRowsBy } from '../support/people';
import { startReaders } from '../../lib/load/readers';
import { tally, type Outcome } from '../../lib/load/load';
import { waitFor } from '../../lib/waitFor';

/**
 * The silent failures: a network partition (iptables DROP in the db container's network) and a
 * frozen server (docker pause). No error ever comes; the app's own deadlines must answer every
 * request in bounded time, and nothing may be lost or left behind once the database answers again.
 */
// A slow read on a third of the readers: whatever the timing, some connection is busy when the fault begins.
const DB_PATHS = ['/person/first', '/person/all', '/lab/slow-person?ms=1000'];
// Short deadlines, so that a fault of a few seconds runs through several of them.
const BUDGET_MS = 2500;
const DEADLINES = { REQUEST_TIMEOUT_MS: String(BUDGET_MS), DB_QUERY_TIMEOUT_MS: '2000' };
const FAULT_SECONDS = 5;
const FAULT_LINES = {
  partition: { applied: /partition: .* cut off the network/, lifted: /partition: .* reachable again/ },
  freeze: { applied: /freeze: paused /, lifted: /freeze: unpaused / },
} as const;
const KNOWN_ERRORS: readonly string[] = DB_FAILURE_KINDS;

const scene = chaosScene();
afterEach(() => ensureDatabaseAnswers()); // the chaos's undo lifted the fault; this waits until logins work
// The lab's own app went through the faults too: the next test file needs it ready.
afterAll(() =>
  waitFor(`${lab.appUrl}/readyz`, async () => (await get(`${lab.appUrl}/readyz`, {}, 3000)).status === 200, {
    timeoutMs: 30_000,
  }),
);

/** How many people carry each of these surnames (none: absent from the map). */
async function peopleBySurname(surnames: readonly string[]): Promise<Map<string, number>> {
  const db = await appUserConnection();
  try {
    return await countRowsBy(db, ['person', 'surname'], surnames);
  } finally {
    await db.end();
  }
}

const finishedAt = (o: Outcome) => o.startedAt + o.ms;
const describeOutcome = (o: Outcome) => `${o.path} → ${o.status} ${o.error ?? ''} in ${o.ms} ms`;

describe.each(['per-request', 'pool'] as const)('%s when the database stops answering', (strategy) => {
  it.each(['partition', 'freeze'] as const)(
    `%s for ${FAULT_SECONDS} s under 16 clients: every answer within the budget + 1 s, JSON 503 or success, success within 2 s after, nothing left behind, keyed writes exactly once`,
    async (mode) => {
      const others = (await appConnections(scene.admin)).map((c) => c.id);
      const app = (scene.app = await startAppProcess({
        STRATEGY: strategy,
        POOL_SIZE: String(POOL_SIZE),
        LOG_LEVEL: 'debug', // its "db connection destroyed" lines name the connections it gave up
        ...DEADLINES,
      }));
      expect((await get(`${app.url}/person/first`)).status).toBe(200);
      // 12 readers and 4 writers that repeat a key until it succeeds: 16 clients.
      const load = startReaders(app.url, { clients: 12, paths: DB_PATHS, timeoutMs: BUDGET_MS + 5000, pauseMs: 20 });
      const writers = startKeyedWriters(app.url, { clients: 4, timeoutMs: BUDGET_MS + 5000, pauseMs: 50 });
      await waitFor('answers before the fault', () => load.outcomes.length >= 20);

      const chaos = (scene.chaos = startChaosProcess(mode, {
        CHAOS_DOWN_SECONDS: String(FAULT_SECONDS),
        CHAOS_INTERVAL: '600', // one round: the interval is longer than the test
      }));
      await chaos.waitForLine(FAULT_LINES[mode].applied, 30_000);
      const faultAt = Date.now();
      await chaos.waitForLine(FAULT_LINES[mode].lifted, (FAULT_SECONDS + 30) * 1000);
      const endAt = Date.now();
      const after = () => load.outcomes.filter((o) => o.startedAt >= endAt);
      await waitFor('20 answers after the fault ended', () => after().length >= 20, { timeoutMs: 30_000 });
      const outcomes = await load.stop();
      const writes = await writers.stop();
      expect(await chaos.stop()).toEqual({ code: 0, summary: expect.stringMatching(new RegExp(`1 ${mode} caused`)) });

      const slowest = [...outcomes, ...writes.outcomes].reduce((a, b) => (b.ms > a.ms ? b : a));
      const firstSuccess = Math.min(
        ...after()
          .filter((o) => o.status === 200)
          .map(finishedAt),
      );
      console.info(
        `${strategy} ${mode} (${scene.admin.serverVersion()}): ${outcomes.length + writes.outcomes.length} answers, slowest ${describeOutcome(slowest)}; ` +
          `first success ${firstSuccess - endAt} ms after the fault ended; ${JSON.stringify(tally(outcomes.filter((o) => o.status !== 200)))}`,
      );
      // The fault was felt, and its waits ended by one of the app's deadlines, not by an error the silent
      // server never sends: a query's (database-timeout) or a connect's (server-unreachable). Which of the
      // two depends on where each request was when the fault began: per-request under a freeze may have
      // no query running at that instant (CI once saw only connects time out).
      const duringFault = [...outcomes, ...writes.outcomes].filter(
        (o) => o.startedAt < endAt && finishedAt(o) > faultAt,
      );
      const endedByDeadline = duringFault.filter((o) =>
        ['database-timeout', 'server-unreachable'].includes(o.error ?? ''),
      );
      expect(endedByDeadline.length).toBeGreaterThan(0);
      // Bounded: nobody waited longer than the request budget plus a second.
      expect([...outcomes, ...writes.outcomes].filter((o) => o.ms > BUDGET_MS + 1000).map(describeOutcome)).toEqual([]);
      // Every answer is a success or a JSON 503 of the taxonomy; never a hang (status 0) or a 500.
      const failures = [...outcomes, ...writes.outcomes].filter((o) => o.status !== 200 && o.status !== 201);
      expect(tally(failures.filter((o) => o.status !== 503 || !KNOWN_ERRORS.includes(o.error ?? '')))).toEqual({});
      // Recovery: a request started after the fault's end succeeds within 2 s of it.
      expect(firstSuccess - endAt).toBeLessThanOrEqual(2000);
      expect(tally(after().filter((o) => o.status !== 200 && o.startedAt >= endAt + 2000))).toEqual({});

      // Keyed writes: one person per key, whatever was lost; a key repeated now replays the first result.
      expect(writes.keys.filter((k) => k.attempts > 1).length).toBeGreaterThan(0); // some answers were lost
      expect(await peopleBySurname(writes.keys.map((k) => k.surname))).toEqual(
        new Map(writes.keys.map((k) => [k.surname, 1])),
      );
      for (const use of writes.keys.filter((k) => k.attempts > 1)) {
        const again = await postJson(
          `${app.url}/person`,
          { firstname: 'Keyed', surname: use.surname },
          {
            'Idempotency-Key': use.key,
          },
        );
        expect({
          status: again.status,
          id: again.json().id,
          replayed: again.headers.get('idempotent-replayed'),
        }).toEqual({ status: 201, id: use.ids[0], replayed: 'true' });
      }

      // Nothing left behind: back to the baseline, and no connection the app gave up lives on in the server.
      // Back to the baseline, every connection idle (none stuck in a query the app gave up on).
      await waitForConnectionsAtMost(scene.admin, others, BASELINE[strategy], 20_000, { idle: true });
      const destroyed = app.output
        .filter((line) => line.includes('"db connection destroyed"'))
        .map((line) => JSON.parse(line).threadId as number);
      const givenUp = await waitFor(
        'the server to drop every connection the app destroyed',
        async () => {
          const alive = new Set((await appConnections(scene.admin)).map((c) => c.id));
          const still = destroyed.filter((id) => alive.has(id));
          return still.length === 0 ? destroyed : undefined;
        },
        { timeoutMs: 20_000, intervalMs: 250 },
      );
      console.info(`${strategy} ${mode}: ${givenUp.length} connections destroyed by the app, none left on the server`);
    },
  );
});

describe('naive with DB_TIMEOUTS=off under a partition', () => {
  it('shows the hang: a request waits for the whole partition, then answers; /readyz still answers within READY_TIMEOUT_MS', async () => {
    const app = (scene.app = await startAppProcess({
      STRATEGY: 'naive',
      DB_TIMEOUTS: 'off',
      READY_TIMEOUT_MS: '1500',
    }));
    expect((await get(`${app.url}/person/first`)).status).toBe(200);
    const chaos = (scene.chaos = startChaosProcess('partition', { CHAOS_DOWN_SECONDS: '4', CHAOS_INTERVAL: '600' }));
    await chaos.waitForLine(FAULT_LINES.partition.applied, 30_000);
    const started = Date.now();
    // The demo's own bound: the client gives up after 30 s whatever happens (curl --max-time in the README).
    const hung = get(`${app.url}/person/first`, {}, 30_000).then(
      (res) => ({ status: res.status, ms: Date.now() - started }),
      (err: Error) => ({ status: 0, ms: Date.now() - started, error: err.message }),
    );
    const readyStarted = Date.now();
    const ready = await get(`${app.url}/readyz`, {}, 5000);
    expect({ status: ready.status, error: ready.json().error }).toEqual({ status: 503, error: 'database-timeout' });
    expect(Date.now() - readyStarted).toBeLessThan(1500 + 1000);
    const answer = await hung;
    console.info(
      `naive, DB_TIMEOUTS=off, partition 4 s (${scene.admin.serverVersion()}): the request hung ${answer.ms} ms`,
    );
    // It hung for the partition (no deadline of its own), and answered once the network came back.
    expect(answer.ms).toBeGreaterThanOrEqual(3000);
    expect(answer).toMatchObject({ status: 200 });
    expect(answer.ms).toBeLessThan(30_000);
    expect(await chaos.stop()).toMatchObject({ code: 0 });
  });
});

describe('pool when the server stops accepting connections', () => {
  it('a frozen server is server-unreachable, never pool-exhausted, while a request holds a connection and the pool has room for more', async () => {
    const app = (scene.app = await startAppProcess({ STRATEGY: 'pool', POOL_SIZE: String(POOL_SIZE) }));
    const docker = new DockerEngine();
    const [db] = await docker.findContainers(composeServiceLabels(lab.composeProject, 'db'));
    // One of POOL_SIZE connections checked out (a leak, a slow request): the connector's acquire timeout
    // then names no connect error as its cause, whatever the server does.
    const holding = postJson(`${app.url}/lab/hold-connections?n=1&ms=5000`, {}, {}, 15_000);
    await waitFor('one pooled connection checked out', async () =>
      /^db_pool_connections\{state="active"\} 1$/m.test((await get(`${app.url}/metrics`)).text),
    );
    await docker.pause(db.id);
    try {
      const started = Date.now();
      const res = await get(`${app.url}/person/first`, {}, 5000);
      const ms = Date.now() - started;
      expect({ status: res.status, error: res.json().error }).toEqual({ status: 503, error: 'server-unreachable' });
      // Within the connect deadline (DB_CONNECT_TIMEOUT_MS, 500 ms by default) and a stated 1 s margin.
      expect(ms).toBeLessThan(500 + 1000);
    } finally {
      await docker.unpause(db.id);
    }
    expect((await holding).status).toBe(200);
  });
});
