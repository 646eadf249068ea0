import { fetchMetric } from '../../lib/appMetrics';
import { ROOM_FOR_A_BUSY_MACHINE, startAppProcess, type AppProcess } from '../support/appProcess';
import { startChaosProcess, type ChaosProcess } from '../support/chaosProcess';
import { BASELINE, POOL_SIZE, chaosScene } from '../support/chaosScene';
import { appConnections, appUserConnection, waitForConnectionsAtMost } from '../support/dbAdmin';
import { get, postJson } from '../support/http';
import { countPeople } from '../support/people';
import { uniqueSurname } from '../../lib/load/keyedWriters';
import { startReaders } from '../../lib/load/readers';
import { tally, type Outcome } from '../../lib/load/load';
import { waitFor } from '../../lib/waitFor';

/**
 * The chaos program's kill modes, run for real next to an app under concurrent load: the app's
 * connections are killed (kill-idle) or its statements interrupted (kill-active) every 200 ms.
 */
const CLIENTS = 16;
const scene = chaosScene();

/** Starts the app, then the chaos once its own connection is up: from then on each round acts. */
async function appUnderChaos(strategy: string, mode: 'kill-idle' | 'kill-active') {
  const others = (await appConnections(scene.admin)).map((c) => c.id);
  // The kills are the fault under test: a login slowed by a busy machine must not pass for one.
  const app = (scene.app = await startAppProcess({
    STRATEGY: strategy,
    POOL_SIZE: String(POOL_SIZE),
    LOG_LEVEL: 'debug',
    ...ROOM_FOR_A_BUSY_MACHINE,
  }));
  // CHAOS_MIN_IDLE 0: a connection asleep for a moment between two statements counts, as in the drill.
  const chaos = (scene.chaos = startChaosProcess(mode, { CHAOS_INTERVAL: '0.2', CHAOS_MIN_IDLE: '0' }));
  await chaos.waitForLine(/connected to/);
  return { app, chaos, others };
}

/**
 * Lets the load run until the chaos has hit `count` of the app's connections and the clients have had
 * `answers` answers (enough traffic for the kills to have met requests), and at least minMs. A count,
 * not a window: on a busy machine the same load takes longer, and the test waits for it.
 */
async function untilHit(
  hits: () => number[],
  app: AppProcess,
  { count, answers }: { count: number; answers: () => boolean },
  minMs = 3000,
) {
  const started = Date.now();
  await waitFor(
    `the chaos to hit ${count} of the app's connections under load`,
    () => {
      const opened = new Set(app.openedThreadIds());
      return hits().filter((id) => opened.has(id)).length >= count && answers() && Date.now() - started >= minMs;
    },
    { timeoutMs: 60_000, intervalMs: 100 },
  );
}

/**
 * The failures a test does not allow, printed with the app's log lines for each, so that a failure in CI
 * can be read without a rerun; their tally, for the test to expect empty.
 */
function unexpected(label: string, app: AppProcess, failures: readonly Outcome[]) {
  if (failures.length > 0) {
    const lines = failures.map((o) =>
      [
        `${o.path} → ${o.status} ${o.error ?? ''}, connections ${app.connectionsOf(o.reqId ?? '').join(' ') || '(none seen)'}`,
        ...app.output.filter((line) => o.reqId !== undefined && line.includes(o.reqId)),
      ].join('\n  '),
    );
    console.info([`${label}: ${failures.length} unexpected failure(s)`, ...lines].join('\n'));
  }
  return tally(failures);
}

/**
 * One retry per read: a read fails only when the chaos hit its connection and then its retry's, a round
 * later (on a busy machine a fresh connection can sleep, or a statement run, that long). Such a failure
 * has the mode's error and two of its connections in the chaos's list; any other failure is the app's.
 */
function notHitTwice(failed: readonly Outcome[], app: AppProcess, error: string, hitIds: readonly number[]) {
  const hit = new Set(hitIds);
  return failed.filter(
    (o) => o.error !== error || app.connectionsOf(o.reqId ?? '').filter((id) => hit.has(id)).length < 2,
  );
}

async function stopChaos(chaos: ChaosProcess, summary: RegExp) {
  const stopped = await chaos.stop();
  expect(stopped).toEqual({ code: 0, summary: expect.stringMatching(summary) });
}

describe.each(['per-request', 'pool'] as const)("%s under the chaos program's kill modes", (strategy) => {
  it(`kill-idle: ${CLIENTS} clients, not one failed GET; the killed connections are gone and the app is back to its baseline`, async () => {
    const { app, chaos, others } = await appUnderChaos(strategy, 'kill-idle');
    const load = startReaders(app.url, { clients: CLIENTS, paths: ['/person/first', '/person/all'] });
    await untilHit(() => chaos.killedIds(), app, { count: 10, answers: () => load.outcomes.length > 200 });
    const outcomes = await load.stop();
    await stopChaos(chaos, /mode kill-idle, .* connections? killed/);

    expect(outcomes.length).toBeGreaterThan(200);
    const failed = outcomes.filter((o) => o.status !== 200);
    const unexplained = notHitTwice(failed, app, 'connection-lost', chaos.killedIds());
    expect(unexpected(`${strategy} kill-idle`, app, unexplained)).toEqual({});
    expect(await fetchMetric(app.url, 'db_retries_total')).toBeGreaterThan(0); // kills hit requests, which retried
    const alive = new Set((await appConnections(scene.admin)).map((c) => c.id));
    expect(chaos.killedIds().filter((id) => alive.has(id))).toEqual([]);
    await waitForConnectionsAtMost(scene.admin, others, BASELINE[strategy]);
    expect(app.output.filter((line) => /uncaught|unhandled/.test(line))).toEqual([]);
  });

  it(`kill-active: ${CLIENTS} clients, not one failed GET of /person; interrupted slow statements retry or answer a fast 503`, async () => {
    const { app, chaos, others } = await appUnderChaos(strategy, 'kill-active');
    // The app's statements take a millisecond: a quarter of the clients ask for a slow one, so
    // there is always something running to KILL QUERY.
    const slow = '/lab/slow-person?ms=150';
    const load = startReaders(app.url, {
      clients: CLIENTS,
      paths: ['/person/first', '/person/all', '/person/first', slow],
    });
    const person = () => load.outcomes.filter((o) => o.path.startsWith('/person/'));
    await untilHit(() => chaos.interruptedIds(), app, { count: 5, answers: () => person().length > 200 });
    const outcomes = await load.stop();
    await stopChaos(chaos, /mode kill-active, .* statements? interrupted/);

    expect(person().length).toBeGreaterThan(200);
    // An interrupted statement closes its connection (the connector takes SQLState 70100 as fatal), so
    // the retry runs on a fresh one, and only a chaos that interrupted both fails the read.
    const failedReads = person().filter((o) => o.status !== 200);
    const unexplained = notHitTwice(failedReads, app, 'query-killed', chaos.interruptedIds());
    expect(unexpected(`${strategy} kill-active`, app, unexplained)).toEqual({});
    // One retry per request: a slow statement interrupted twice in a row is the only failure allowed
    // (a timeout, status 0, would show up here too).
    const slowOutcomes = outcomes.filter((o) => o.path === slow);
    const slowFailures = slowOutcomes.filter((o) => o.status !== 200 && o.error !== 'query-killed');
    expect(unexpected(`${strategy} kill-active, slow`, app, slowFailures)).toEqual({});
    expect(slowOutcomes.filter((o) => o.status === 200).length).toBeGreaterThan(0);
    expect(await fetchMetric(app.url, 'db_retries_total')).toBeGreaterThan(0);
    await waitForConnectionsAtMost(scene.admin, others, BASELINE[strategy]);
    expect(app.output.filter((line) => /uncaught|unhandled/.test(line))).toEqual([]);
  });
});

describe("naive under the chaos program's kill-idle", () => {
  it('fails once its connection is killed and stays failed, while the process lives on', async () => {
    const app = (scene.app = await startAppProcess({ STRATEGY: 'naive', LOG_LEVEL: 'debug' }));
    expect((await get(`${app.url}/person/first`)).status).toBe(200);
    const [its] = app.openedThreadIds();
    const chaos = (scene.chaos = startChaosProcess('kill-idle', { CHAOS_INTERVAL: '0.2', CHAOS_MIN_IDLE: '0' }));
    await chaos.waitForLine(new RegExp(`killed connection ${its} `));
    await stopChaos(chaos, /mode kill-idle, .* connections? killed/);

    const load = startReaders(app.url, { clients: 4, paths: ['/person/first', '/person/all'] });
    await waitFor('40 answers after the kill', () => load.outcomes.length >= 40);
    expect(tally(await load.stop())).toEqual({
      '/person/first → 503 connection-lost': expect.any(Number),
      '/person/all → 503 connection-lost': expect.any(Number),
    });
    expect((await get(`${app.url}/livez`)).status).toBe(200);
    expect(app.child.exitCode).toBeNull();
    expect(app.openedThreadIds()).toEqual([its]); // it never opened another one
  });
});

describe.each(['per-request', 'pool'] as const)(
  '%s: POST /person with an Idempotency-Key under kill-idle',
  (strategy) => {
    it('every key ends with exactly one row, failed attempts retried with the same key, replays never duplicate', async () => {
      const { app, chaos } = await appUnderChaos(strategy, 'kill-idle');
      const surname = uniqueSurname(`writes-${strategy}`);
      const attempts: { key: string; status: number; id?: number; replayed: boolean }[] = [];

      // 8 writers, each creating people one key at a time: a failure (a 503, or no answer) is retried
      // with the same key until a 201, as a careful client would.
      let writing = true;
      const writers = Array.from({ length: 8 }, async (_, writer) => {
        for (let n = 0; writing; n++) {
          const key = `${surname}-${writer}-${n}`;
          for (let tries = 0; ; tries++) {
            if (tries === 20) throw new Error(`${key}: no 201 after 20 attempts`);
            try {
              const res = await postJson(
                `${app.url}/person`,
                { firstname: `W${writer}N${n}`, surname },
                { 'Idempotency-Key': key },
              );
              attempts.push({
                key,
                status: res.status,
                id: res.status === 201 ? res.json().id : undefined,
                replayed: res.headers.get('idempotent-replayed') === 'true',
              });
              if (res.status === 201) break;
              expect({ key, status: res.status, error: res.json().error }).toEqual({
                key,
                status: 503,
                error: expect.stringMatching(/^(connection-lost|query-killed|server-unreachable)$/),
              });
            } catch (err) {
              if (err instanceof Error && err.name !== 'TimeoutError') throw err;
              attempts.push({ key, status: 0, replayed: false });
            }
          }
        }
      });
      const keysSent = () => new Set(attempts.map((a) => a.key)).size;
      await untilHit(() => chaos.killedIds(), app, { count: 10, answers: () => keysSent() > 50 });
      writing = false;
      await Promise.all(writers);
      await stopChaos(chaos, /mode kill-idle, .* connections? killed/);

      const keys = new Set(attempts.map((a) => a.key));
      const created = attempts.filter((a) => a.status === 201);
      expect(keys.size).toBeGreaterThan(50);
      // The kills did land on writes: the app retried keyed inserts whose connection died (no reads ran).
      expect(await fetchMetric(app.url, 'db_retries_total')).toBeGreaterThan(0);
      // One answer with an id per key, and one row per key.
      expect(new Set(created.map((a) => a.key)).size).toBe(keys.size);
      expect(new Set(created.map((a) => a.id)).size).toBe(keys.size);
      const db = await appUserConnection();
      try {
        expect(await countPeople(db, surname)).toBe(keys.size);
        // A second round with every key returns the same person, replayed, and adds nothing.
        const sample = created.slice(0, 20);
        for (const { key, id } of sample) {
          const writer = key.split('-').slice(-2);
          const again = await postJson(
            `${app.url}/person`,
            { firstname: `W${writer[0]}N${writer[1]}`, surname },
            { 'Idempotency-Key': key },
          );
          expect({
            status: again.status,
            id: again.json().id,
            replayed: again.headers.get('idempotent-replayed'),
          }).toEqual({ status: 201, id, replayed: 'true' });
        }
        expect(await countPeople(db, surname)).toBe(keys.size);
      } finally {
        await db.end();
      }
    });
  },
);
